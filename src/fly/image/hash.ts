/**
 * The image tag: a hash of the container directory's content, so that any change to it gives a
 * new tag and an unchanged directory reuses the pushed image.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../base/messages.js';

/** Fly Machines run linux/amd64; images are always built for it. */
export const IMAGE_PLATFORM = 'linux/amd64';

// Part of the hash so that a change to the hashing rules or the platform changes every tag.
const HASH_FORMAT = 'flaude-image-content-v1';
const TAG_PREFIX = 'flaude-';
const TAG_HASH_HEX_CHARS = 16;

/**
 * SHA-256 (hex) of everything under `dir`: relative paths (POSIX separators, sorted by UTF-16
 * code unit, so independent of locale and file system order), entry type, permission bits
 * (`mode & 0o7777`, because COPY keeps them), file bytes and symlink targets (not followed).
 * Nothing is skipped, `.dockerignore`d files included: a change there costs a rebuild, never a
 * stale image. Entries other than files, directories and symlinks are refused.
 */
export async function hashContainerDir(dir: string): Promise<string> {
  const root = await lstat(dir).catch((e: unknown) => {
    throw new Error(`Container directory ${JSON.stringify(dir)} cannot be read: ${messageOf(e)}`);
  });
  if (!root.isDirectory()) {
    throw new Error(`Container directory ${JSON.stringify(dir)} is not a directory`);
  }
  const hash = createHash('sha256');
  hash.update(`${HASH_FORMAT}\0${IMAGE_PLATFORM}\0`);
  for (const rel of await listTree(dir)) {
    const full = path.join(dir, ...rel.split('/'));
    const st = await lstat(full);
    const perm = (st.mode & 0o7777).toString(8);
    let kind: string;
    let data: Buffer;
    if (st.isDirectory()) {
      kind = 'd';
      data = Buffer.alloc(0);
    } else if (st.isFile()) {
      kind = 'f';
      data = await readFile(full);
    } else if (st.isSymbolicLink()) {
      kind = 'l';
      data = Buffer.from(await readlink(full), 'utf8');
    } else {
      throw new Error(
        `Container directory entry ${JSON.stringify(rel)} is not a file, directory or symlink`,
      );
    }
    // Length prefixes keep the encoding unambiguous whatever the names and bytes contain.
    const name = Buffer.from(rel, 'utf8');
    hash.update(`${kind} ${perm} ${name.length}:`);
    hash.update(name);
    hash.update(` ${data.length}:`);
    hash.update(data);
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(rel);
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
  }
  return out.sort();
}

/** `flaude-` + the first 16 hex characters of the content hash. */
export function imageTag(contentHash: string): string {
  if (!/^[0-9a-f]{16,}$/.test(contentHash)) {
    throw new Error(`Content hash ${JSON.stringify(contentHash)} is not lowercase hex`);
  }
  return TAG_PREFIX + contentHash.slice(0, TAG_HASH_HEX_CHARS);
}

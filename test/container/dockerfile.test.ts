/**
 * Static checks of the reviewer image definition, fast and without a container engine: the
 * CLI version matches the one the tests run, the entrypoint is what the image starts, and
 * the image starts as root so the entrypoint can drop privileges itself. The image tier
 * (`npm run test:image`, test/image/) builds this very file and runs it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const containerDir = fileURLToPath(new URL('../../container/', import.meta.url));
const read = (name: string): string => readFileSync(containerDir + name, 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  return logical.map((line) => {
    const space = line.search(/\s/);
    return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

describe('container/Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));
  const args = (keyword: string): string[] =>
    steps.filter((s) => s.keyword === keyword).map((s) => s.args);

  it('builds on Node 24 slim by default, on any base given as BASE_IMAGE', () => {
    expect(steps[0]).toEqual({ keyword: 'ARG', args: 'BASE_IMAGE=node:24-bookworm-slim' });
    expect(args('FROM')[0]).toBe('${BASE_IMAGE} AS rootfs');
  });

  it('publishes only the finished tree: the last stage is scratch plus a copy of it', () => {
    expect(args('FROM').at(-1)).toBe('scratch');
    expect(args('COPY')).toContain('--from=rootfs / /');
  });

  it('pins Claude Code to the version the tests run', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      devDependencies: Record<string, string>;
    };
    const tested = pkg.devDependencies['@anthropic-ai/claude-code'];
    expect(args('ARG')).toContain(`CLAUDE_CODE_VERSION=${tested}`);
    const install = args('RUN').find((r) => r.includes('npm install --global'));
    expect(install).toContain('"@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}"');
    // npm 12 runs the install script that puts the native CLI in place only when allowed.
    expect(install).toContain('--allow-scripts=@anthropic-ai/claude-code');
    expect(install).toContain(
      'test "$(claude --version)" = "${CLAUDE_CODE_VERSION} (Claude Code)"',
    );
  });

  it("installs gh from Debian's archive: no package source of its own", () => {
    const run = args('RUN').join('\n');
    expect(run).toMatch(/apt-get install[^;]*\bgh\b/);
    expect(run).not.toContain('sources.list');
    expect(run).not.toContain('cli.github.com');
  });

  it('installs what the entrypoint calls', () => {
    const run = args('RUN').join('\n');
    for (const pkg of ['git', 'jq', 'ca-certificates', 'curl', 'util-linux', 'coreutils']) {
      expect(run).toMatch(
        new RegExp(`apt-get install -y --no-install-recommends [^;]*\\b${pkg}\\b`),
      );
    }
  });

  it('creates the claude user and a workspace it owns', () => {
    const run = args('RUN').join('\n');
    expect(run).toMatch(/useradd [^;]*--create-home[^;]* claude/);
    expect(run).toContain('install -d -o claude -g claude -m 0755 /workspace');
  });

  it('starts the entrypoint as root: no USER instruction', () => {
    expect(args('USER')).toEqual([]);
    expect(args('COPY')).toContain('entrypoint.sh /usr/local/bin/entrypoint.sh');
    expect(args('ENTRYPOINT')).toEqual(['["/usr/local/bin/entrypoint.sh"]']);
  });

  it('labels the image', () => {
    const labels = args('LABEL').join(' ');
    for (const key of ['title', 'description', 'licenses']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
  });
});

describe('container/.dockerignore', () => {
  it('sends only the entrypoint to the builder', () => {
    const rules = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(rules).toEqual(['*', '!entrypoint.sh']);
  });
});

/**
 * container/Dockerfile read by a Dockerfile parser (dockerfile-utils, the linter of the
 * Docker language server): unknown instructions, wrong argument counts, bad flags. hadolint
 * does not install here (neither Debian nor npm carries it). The image tier builds the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const linter = join(repoRoot, 'node_modules', '.bin', 'dockerfile-utils');

function lint(file: string): { status: number | null; stdout: string } {
  const result = spawnSync(linter, ['lint', file], { encoding: 'utf8' });
  expect(result.error).toBeUndefined();
  return { status: result.status, stdout: result.stdout };
}

describe('container/Dockerfile', () => {
  it('passes dockerfile-utils lint', () => {
    expect(lint(join(repoRoot, 'container', 'Dockerfile'))).toEqual({ status: 0, stdout: '' });
  });

  it('is linted by a linter that does find errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flaude-dockerfile-lint-'));
    try {
      const broken = join(dir, 'Dockerfile');
      writeFileSync(broken, 'FROM scratch\nCOPY entrypoint.sh\nRUNN true\n');
      const result = lint(broken);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('COPY requires at least two arguments');
      expect(result.stdout).toContain('Unknown instruction: RUNN');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

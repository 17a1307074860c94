/**
 * Static checks of container/entrypoint.sh that need a program to read it: bash's own parser
 * and, where installed, shellcheck. What the entrypoint does is in entrypoint.int.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const containerDir = fileURLToPath(new URL('../../container/', import.meta.url));

describe('container/entrypoint.sh', () => {
  it('is executable and parses', () => {
    expect(statSync(containerDir + 'entrypoint.sh').mode & 0o111).toBe(0o111);
    const syntax = spawnSync('bash', ['-n', containerDir + 'entrypoint.sh'], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
  });

  const shellcheck = spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!shellcheck)('passes shellcheck (when installed)', () => {
    const result = spawnSync('shellcheck', [containerDir + 'entrypoint.sh'], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});

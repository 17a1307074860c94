/**
 * Entry point of `npm run bench` (see bench/README.md). Registers the hook that lets Node run
 * src/'s TypeScript as it is, then loads the bench: the import has to come after the hook,
 * so it is dynamic.
 */
import './resolve-ts.ts';

const { main } = await import('./main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e: unknown) {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
}
// Everything the stages start is stopped by them; should a handle linger anyway, the bench
// still ends rather than hang.
setTimeout(() => process.exit(), 5_000).unref();

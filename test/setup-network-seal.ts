// Seals this test process off the network: every TCP or TLS connection and every DNS query
// to anything but loopback fails, whichever client or dispatcher makes it.
//
// Why at the socket and the resolver rather than at undici's global dispatcher: a MockAgent
// installed with setGlobalDispatcher only sees requests that go through the global
// dispatcher, and the library's clients own their dispatchers (FlyClient one Pool per base
// URL, the registry lookup an Agent of its own, the action an EnvHttpProxyAgent behind a
// proxy). A hook in the library that tests could swap would be a global knob visible to every
// user. `net.Socket.prototype.connect` is where net.connect, net.createConnection,
// tls.connect (TLSSocket inherits it), node:http agents, fetch and every undici connector
// end up, and it runs before the host name is resolved; the resolver functions are patched as
// well so a direct lookup cannot reach a DNS server either. Child processes (machines of the
// emulator, builders) are not affected: they only talk to the loopback servers tests start.
import dns from 'node:dns';
import net, { isIP } from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

/** The error code of a refused connection or lookup. */
export const SEALED_CODE = 'ERR_TEST_NET_CONNECT_DISABLED';

/** What the seal refused in this process, oldest first (tests assert on it). */
export const refusedByNetworkSeal: { kind: 'connect' | 'dns'; target: string }[] = [];

/** Host names and addresses on this machine: the only targets tests may reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return /^::ffff:127\./.test(bare);
}

function sealedError(kind: 'connect' | 'dns', target: string): Error {
  refusedByNetworkSeal.push({ kind, target });
  const what = kind === 'connect' ? `connection to ${target}` : `DNS lookup of ${target}`;
  return Object.assign(
    new Error(`net connect disabled in tests: ${what} refused (only loopback is reachable)`),
    { code: SEALED_CODE },
  );
}

/** Host and port of `Socket#connect`'s arguments, in each form Node accepts; undefined for IPC. */
function connectTarget(args: unknown[]): { host: string; port: string } | undefined {
  // net.connect hands the socket its arguments already normalized: [[options, callback]].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { path?: unknown; host?: unknown; port?: unknown };
    if (typeof o.path === 'string') return undefined;
    return { host: typeof o.host === 'string' ? o.host : 'localhost', port: String(o.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a pipe path
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) };
}

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
// Seen as a property with an explicit `this`: the real connect is only ever applied to a socket.
const socketPrototype = net.Socket.prototype as unknown as { connect: Connect };
const realConnect = socketPrototype.connect;
const sealedConnect: Connect = function (this: net.Socket, ...args: unknown[]) {
  const target = connectTarget(args);
  if (target === undefined || isLoopbackHost(target.host)) return realConnect.apply(this, args);
  // Fail the way a refused connection fails, asynchronously on the socket, so every client
  // reports it through its usual error path.
  const error = sealedError('connect', `${target.host}:${target.port}`);
  process.nextTick(() => this.destroy(error));
  return this;
};
socketPrototype.connect = sealedConnect;

type Fn = (...args: unknown[]) => unknown;

/** Wraps each resolver function of `target` so a non-loopback name fails without a query. */
function sealResolver(target: object, style: 'callback' | 'promise'): void {
  const table = target as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(table)) {
    if (!/^(lookup|lookupService|resolve\w*|reverse)$/.test(key)) continue;
    const real = table[key];
    if (typeof real !== 'function') continue;
    table[key] = function (this: unknown, ...args: unknown[]): unknown {
      const name = args[0];
      // resolve* and reverse always ask a DNS server, even for loopback names.
      const allowed =
        (key === 'lookup' || key === 'lookupService') &&
        typeof name === 'string' &&
        isLoopbackHost(name);
      if (allowed) return (real as Fn).apply(this, args);
      const error = sealedError('dns', String(name));
      if (style === 'promise') return Promise.reject(error);
      const callback = args.findLast((a) => typeof a === 'function') as Fn | undefined;
      process.nextTick(() => callback?.(error));
      return undefined;
    };
  }
}

sealResolver(dns, 'callback');
sealResolver(dns.promises, 'promise');
sealResolver(dns.Resolver.prototype, 'callback');
sealResolver(dns.promises.Resolver.prototype, 'promise');
// ESM named imports of builtins (`import { lookup } from 'node:dns'`) are bindings of their
// own: bring them in line with the patched module objects.
syncBuiltinESMExports();

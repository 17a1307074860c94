/**
 * A small forward HTTP proxy on 127.0.0.1 for tests of proxy support: it tunnels `CONNECT`
 * (what undici's ProxyAgent sends, for http and https targets alike) and forwards
 * absolute-URI requests (`GET http://host/path`), recording both. It only ever dials loopback:
 * a request for any other host is recorded and answered 403, so a test can show that a call
 * for a public host went to the proxy without anything leaving the machine.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  /** `http://127.0.0.1:PORT`, the value for HTTP_PROXY / HTTPS_PROXY. */
  readonly url: string;
  /** Target `host:port` of every CONNECT, in arrival order. */
  readonly connects: string[];
  /** `METHOD absolute-url` of every forwarded request, in arrival order. */
  readonly forwarded: string[];
  /**
   * Local ports of the connections the proxy opened to targets: a server that sees a request
   * from one of these ports got it through the proxy.
   */
  readonly upstreamPorts: Set<number>;
  /** Closes the server and every open tunnel. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Host and port of `host:port` (IPv6 in brackets); port 0 when absent or malformed. */
function splitHostPort(target: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
  if (!m) return { host: target, port: 0 };
  return { host: (m[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

export async function startTestProxy(): Promise<TestProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const upstreamPorts = new Set<number>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '';
    forwarded.push(`${req.method ?? ''} ${url}`);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    if (target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
      res.writeHead(403).end('this test proxy only reaches loopback');
      return;
    }
    const upstream = httpRequest(
      target,
      { method: req.method ?? 'GET', headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('socket', (s) => {
      track(s);
      s.once('connect', () => upstreamPorts.add(s.localPort ?? 0));
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', track);

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    const { host, port } = splitHostPort(target);
    if (!LOOPBACK.has(host) || port === 0) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(port, host, () => {
      upstreamPorts.add(upstream.localPort ?? 0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    const close = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
    });
    client.on('error', close);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    forwarded,
    upstreamPorts,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

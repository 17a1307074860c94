/**
 * The step's undici dispatcher. Behind a proxy (`HTTPS_PROXY`/`HTTP_PROXY`, in either case)
 * it is one `EnvHttpProxyAgent` that every HTTP client of the step shares (Fly's Machines and
 * logs APIs, the registry), with `NO_PROXY` exempting hosts; without one it is undefined and
 * each client keeps its own default connections.
 */
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { Logger } from '../fly/index.js';

/** The proxy variables of an environment, resolved the way `EnvHttpProxyAgent` resolves them. */
export interface ProxySettings {
  /** Proxy for `http:` URLs; also for `https:` ones when `httpsProxy` is empty. */
  readonly httpProxy: string;
  /** Proxy for `https:` URLs. */
  readonly httpsProxy: string;
  /** Hosts (`host`, `host:port`, `.domain`, `*`) reached directly. */
  readonly noProxy: string;
}

/**
 * The proxy settings of `env`, or undefined when neither proxy variable is set. The lower-case
 * name wins over the upper-case one, even when it is empty, as in undici. Loopback hosts are
 * proxied too unless `NO_PROXY` names them: undici exempts nothing by default.
 */
export function proxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings | undefined {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  if (httpProxy === '' && httpsProxy === '') return undefined;
  return { httpProxy, httpsProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

/**
 * The dispatcher for `env`: an `EnvHttpProxyAgent` pinned to the settings read now (so a
 * later change of the environment cannot split the step's clients), or undefined without a
 * proxy. The caller closes it. Throws when a proxy variable is not an http(s) URL, naming the
 * variable but not its value, which may hold credentials.
 */
export function createHttpDispatcher(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Logger,
): Dispatcher | undefined {
  const settings = proxySettings(env);
  if (settings === undefined) return undefined;
  // undici sends https:// requests to the HTTP_PROXY when HTTPS_PROXY is empty.
  const httpsToo = settings.httpsProxy === '' ? ' and https://' : '';
  const shown = [
    describeProxy('HTTP_PROXY', settings.httpProxy, `http://${httpsToo}`),
    describeProxy('HTTPS_PROXY', settings.httpsProxy, 'https://'),
  ].filter((s) => s !== undefined);
  const exempt = settings.noProxy.trim() === '' ? '' : `; NO_PROXY: ${settings.noProxy.trim()}`;
  logger?.info(`HTTP requests go through ${shown.join(', ')}${exempt}`);
  return new EnvHttpProxyAgent(settings);
}

/** Runs `work` with the dispatcher for `env` (see {@link createHttpDispatcher}), then closes it. */
export async function withHttpDispatcher<T>(
  work: (dispatcher: Dispatcher | undefined) => Promise<T>,
  options: { env?: NodeJS.ProcessEnv; logger?: Logger } = {},
): Promise<T> {
  const dispatcher = createHttpDispatcher(options.env, options.logger);
  try {
    return await work(dispatcher);
  } finally {
    await dispatcher?.close();
  }
}

/** `the proxy http://host:port (HTTPS_PROXY) for https:// URLs`, without credentials. */
function describeProxy(variable: string, value: string, urls: string): string | undefined {
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} (or ${variable.toLowerCase()}) is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${variable} (or ${variable.toLowerCase()}) must be an http:// or https:// URL, not ${url.protocol}`,
    );
  }
  return `the proxy ${url.protocol}//${url.host} (${variable}) for ${urls} URLs`;
}

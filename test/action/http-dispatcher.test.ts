import { EnvHttpProxyAgent } from 'undici';
import { describe, expect, test } from 'vitest';
import { createHttpDispatcher, proxySettings } from '../../src/action/http-dispatcher.ts';

const P = 'http://proxy.corp:3128';

describe('proxySettings', () => {
  test.each<[string, NodeJS.ProcessEnv, ReturnType<typeof proxySettings>]>([
    ['1 nothing set', {}, undefined],
    ['2 NO_PROXY alone is no proxy', { NO_PROXY: '*' }, undefined],
    ['3 empty values are unset', { HTTPS_PROXY: '', HTTP_PROXY: '' }, undefined],
    ['4 HTTPS_PROXY', { HTTPS_PROXY: P }, { httpProxy: '', httpsProxy: P, noProxy: '' }],
    ['5 HTTP_PROXY', { HTTP_PROXY: P }, { httpProxy: P, httpsProxy: '', noProxy: '' }],
    [
      '6 lower case, with no_proxy',
      { https_proxy: P, no_proxy: '.corp,localhost' },
      { httpProxy: '', httpsProxy: P, noProxy: '.corp,localhost' },
    ],
    [
      '7 lower case wins over upper case',
      { https_proxy: P, HTTPS_PROXY: 'http://other:1', no_proxy: 'a', NO_PROXY: 'b' },
      { httpProxy: '', httpsProxy: P, noProxy: 'a' },
    ],
    [
      '8 an empty lower-case variable hides the upper-case one, as in undici',
      { https_proxy: '', HTTPS_PROXY: P, HTTP_PROXY: P },
      { httpProxy: P, httpsProxy: '', noProxy: '' },
    ],
  ])('%s', (_title, env, expected) => {
    expect(proxySettings(env)).toEqual(expected);
  });
});

describe('createHttpDispatcher', () => {
  test('no proxy: undefined, so every client keeps its own connections', () => {
    expect(createHttpDispatcher({ NO_PROXY: 'localhost' })).toBeUndefined();
  });

  test('a proxy: one EnvHttpProxyAgent, announced without the credentials in its URL', async () => {
    const lines: string[] = [];
    const logger = { debug: () => {}, info: (m: string) => lines.push(m), warning: () => {} };
    const dispatcher = createHttpDispatcher(
      { HTTPS_PROXY: 'http://user:s3cret-pass@proxy.corp:3128', NO_PROXY: '.internal' },
      logger,
    );
    try {
      expect(dispatcher).toBeInstanceOf(EnvHttpProxyAgent);
      expect(lines).toEqual([
        'HTTP requests go through the proxy http://proxy.corp:3128 (HTTPS_PROXY) for https:// URLs; NO_PROXY: .internal',
      ]);
    } finally {
      await dispatcher?.close();
    }
  });

  test('HTTP_PROXY alone also carries https:// requests, and says so', async () => {
    const lines: string[] = [];
    const logger = { debug: () => {}, info: (m: string) => lines.push(m), warning: () => {} };
    await createHttpDispatcher({ HTTP_PROXY: P }, logger)?.close();
    expect(lines).toEqual([
      'HTTP requests go through the proxy http://proxy.corp:3128 (HTTP_PROXY) for http:// and https:// URLs',
    ]);
  });

  test.each([
    ['not a url :pass@', /^HTTPS_PROXY \(or https_proxy\) is not a URL$/],
    [
      'socks5://user:pass@proxy:1080',
      /^HTTPS_PROXY \(or https_proxy\) must be an http:\/\/ or https:\/\/ URL, not socks5:$/,
    ],
  ])('a bad proxy URL %j names the variable, never the value', (value, message) => {
    expect(() => createHttpDispatcher({ HTTPS_PROXY: value })).toThrow(message);
  });
});

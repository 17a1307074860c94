/**
 * Names and credentials of Fly's registry (docs/fly-api.md#registry): repositories are
 * `registry.fly.io/<app>:<tag>`; the username is `x` and the password is the Fly token without
 * its `FlyV1 `/`Bearer ` scheme. Pure functions only.
 */

/** Fly's registry. */
export const DEFAULT_REGISTRY_URL = 'https://registry.fly.io';
/** Registry username for Fly tokens (flyctl's, too); the token is the password. */
export const REGISTRY_USERNAME = 'x';

// Fly app names (and so repository names): lowercase letters, digits and dashes.
const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `host[:port]` of a registry base URL, as it appears in image references. */
export function registryHost(registryUrl: string): string {
  return parseRegistryUrl(registryUrl).host;
}

/** `<registry host>/<app>:<tag>`, e.g. `registry.fly.io/my-app:flaude-0123456789abcdef`. */
export function imageReference(registryUrl: string, app: string, tag: string): string {
  checkAppName(app);
  return `${registryHost(registryUrl)}/${app}:${tag}`;
}

/** The registry password for a Fly token: the token without a `FlyV1 `/`Bearer ` scheme. */
export function registryPassword(token: string): string {
  const trimmed = token.trim();
  const scheme = /^(?:FlyV1|Bearer)\s+/i.exec(trimmed);
  return scheme ? trimmed.slice(scheme[0].length).trim() : trimmed;
}

/**
 * Every form in which the token could leak into a builder's output: the token as given, the
 * password, each macaroon of a comma-joined token, and the base64 `x:<password>` credential.
 */
export function registrySecrets(token: string): string[] {
  const password = registryPassword(token);
  const forms = [token.trim(), password, basicCredential(password)];
  for (const part of password.split(',')) {
    if (part.trim().length >= 8) forms.push(part.trim());
  }
  return [...new Set(forms.filter((s) => s.length > 0))];
}

/** Base64 `x:<password>`, the Basic credential. Internal to src/fly/image. */
export function basicCredential(password: string): string {
  return Buffer.from(`${REGISTRY_USERNAME}:${password}`, 'utf8').toString('base64');
}

/**
 * The registry base URL, refused unless it is a bare http(s) origin. Internal to
 * src/fly/image.
 */
export function parseRegistryUrl(registryUrl: string): URL {
  let url: URL;
  try {
    url = new URL(registryUrl);
  } catch {
    throw new Error(`Registry URL ${JSON.stringify(registryUrl)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Registry URL ${JSON.stringify(registryUrl)} must be http(s)`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
    throw new Error(
      `Registry URL ${JSON.stringify(registryUrl)} must be a bare origin like https://registry.fly.io`,
    );
  }
  return url;
}

/** Refuses anything that is not a Fly app name. Internal to src/fly/image. */
export function checkAppName(app: string): void {
  if (!APP_NAME.test(app)) {
    throw new Error(
      `App name ${JSON.stringify(app)} is not a Fly app name (lowercase letters, digits, dashes)`,
    );
  }
}

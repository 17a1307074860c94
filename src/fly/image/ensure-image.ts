/**
 * The reviewer image: tag it by the content of the container directory, look the tag up in the
 * registry, and build and push it only when it is missing.
 */
import path from 'node:path';
import type { Dispatcher } from 'undici';
import type { Clock } from '../base/clock.js';
import { silentLogger, type Logger } from '../base/logger.js';
import {
  BUILDER_NAMES,
  detectBuilder,
  type Builder,
  type BuilderName,
  type DetectBuilderOptions,
} from './builders.js';
import { ImageBuildError } from './errors.js';
import { hashContainerDir, IMAGE_PLATFORM, imageTag } from './hash.js';
import {
  checkAppName,
  DEFAULT_REGISTRY_URL,
  imageReference,
  parseRegistryUrl,
  REGISTRY_USERNAME,
  registryPassword,
} from './reference.js';
import { imageExists, type RegistryOptions } from './registry.js';

const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_PUSH_TIMEOUT_MS = 15 * 60_000;

/** Options of `ensureImage`. */
export interface EnsureImageOptions {
  /** The directory holding the Dockerfile; its whole content determines the tag. */
  containerDir: string;
  /** Fly token (with or without its scheme), used as the registry password. */
  token: string;
  /** Registry base URL; default https://registry.fly.io. */
  registry?: string;
  /** A builder, a builder to use by name, or 'auto' (default) to detect one. */
  builder?: Builder | BuilderName | 'auto';
  /** Options for the detected or named subprocess builder. */
  builderOptions?: DetectBuilderOptions;
  /** Default `<containerDir>/Dockerfile`. */
  dockerfile?: string;
  /** Default 30 min. */
  buildTimeoutMs?: number;
  /** Default 15 min. */
  pushTimeoutMs?: number;
  /** Registry requests, default 30 s each. */
  requestTimeoutMs?: number;
  /** Where registry requests go (e.g. an undici `EnvHttpProxyAgent`); the caller closes it. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Returns the reference of the reviewer image for `app`, e.g.
 * `registry.fly.io/my-app:flaude-0123456789abcdef`, building and pushing it only when the
 * content-hash tag is not in the registry yet.
 */
export async function ensureImage(app: string, options: EnsureImageOptions): Promise<string> {
  const logger = options.logger ?? silentLogger;
  const registryUrl = options.registry ?? DEFAULT_REGISTRY_URL;
  checkAppName(app);
  const base = parseRegistryUrl(registryUrl);
  const tag = imageTag(await hashContainerDir(options.containerDir));
  const image = imageReference(registryUrl, app, tag);
  const withSignal = options.signal === undefined ? {} : { signal: options.signal };
  const registryOptions: RegistryOptions = {
    token: options.token,
    registryUrl,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    logger,
    ...withSignal,
  };
  if (await imageExists(app, tag, registryOptions)) {
    logger.info(`Image ${image} is already in the registry`);
    return image;
  }
  logger.info(`Image ${image} is not in the registry: building it`);
  const builder = await resolveBuilder(options, logger);
  await builder.build({
    contextDir: options.containerDir,
    dockerfile: options.dockerfile ?? path.join(options.containerDir, 'Dockerfile'),
    image,
    platform: IMAGE_PLATFORM,
    timeoutMs: options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
    ...withSignal,
  });
  await builder.push({
    image,
    registryHost: base.host,
    username: REGISTRY_USERNAME,
    password: registryPassword(options.token),
    tlsVerify: base.protocol === 'https:',
    timeoutMs: options.pushTimeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS,
    ...withSignal,
  });
  logger.info(`Pushed ${image}`);
  return image;
}

async function resolveBuilder(options: EnsureImageOptions, logger: Logger): Promise<Builder> {
  const choice = options.builder ?? 'auto';
  if (typeof choice !== 'string') return choice;
  const detect: DetectBuilderOptions = {
    logger,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.builderOptions,
  };
  if (choice === 'auto') return detectBuilder(detect);
  if (!BUILDER_NAMES.includes(choice)) {
    throw new ImageBuildError(
      `Unknown image builder ${JSON.stringify(choice)}; use one of ${BUILDER_NAMES.join(', ')} or auto`,
    );
  }
  return detectBuilder({ ...detect, candidates: [choice] });
}

/**
 * The reviewer image: tag it by the content of the container directory, look the tag up in the
 * registry, and build and push it only when it is missing (`ensureImage`).
 *
 * Modules, each importing only the ones below it:
 * ensure-image -> builders / registry / hash -> command / reference / errors (and ../base).
 *
 * Only the names below are public; helpers the modules share (`checkAppName`,
 * `parseRegistryUrl`, `basicCredential`) stay inside this folder.
 */
export { ImageBuildError, ImageRegistryError } from './errors.js';
export {
  DEFAULT_REGISTRY_URL,
  imageReference,
  REGISTRY_USERNAME,
  registryHost,
  registryPassword,
  registrySecrets,
} from './reference.js';
export { hashContainerDir, IMAGE_PLATFORM, imageTag } from './hash.js';
export { runCommand, type CommandResult, type CommandRunner, type CommandSpec } from './command.js';
export {
  imageExists,
  MANIFEST_ACCEPT,
  parseBearerChallenge,
  type BearerChallenge,
  type RegistryOptions,
} from './registry.js';
export {
  BUILDER_NAMES,
  buildCommandArgs,
  createCliBuilder,
  detectBuilder,
  pushCommandArgs,
  type BuildSpec,
  type Builder,
  type BuilderName,
  type CliBuilderOptions,
  type ContainerStorage,
  type DetectBuilderOptions,
  type PushSpec,
} from './builders.js';
export { ensureImage, type EnsureImageOptions } from './ensure-image.js';

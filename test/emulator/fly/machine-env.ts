/**
 * The environment of an emulated machine's process: what Fly sets inside a machine, the
 * machine's `config.env`, and what the emulator adds so that the real entrypoint, git and the
 * Claude Code CLI run locally without touching the network.
 */

export interface MachineEnvInput {
  /** Host PATH to append after `<repo>/node_modules/.bin`. */
  hostPath: string;
  repoRoot: string;
  /** `options.env` of the emulator. */
  emulatorEnv: Record<string, string>;
  /** `config.env` of the machine. */
  machineEnv: Record<string, string>;
  machineId: string;
  app: string;
  region: string;
  image: string;
  version: string;
  privateIp: string;
  memoryMb: number;
  workspace: string;
  home: string;
  tmp: string;
  anthropicUrl?: string;
  gitRewrites: Record<string, string>;
}

/**
 * Where ANTHROPIC_BASE_URL points when neither the emulator nor the machine sets one: a closed
 * loopback port, so a misconfigured test fails fast instead of reaching api.anthropic.com.
 */
export const UNREACHABLE_ANTHROPIC_URL = 'http://127.0.0.1:9';

/** Builds the env; later layers win: emulator env < machine env < Fly and emulator values. */
export function buildMachineEnv(input: MachineEnvInput): Record<string, string> {
  return withGitConfig(
    {
      ...flyEnv(input),
      // The emulator's stand-ins for the VM's filesystem.
      FLAUDE_WORKSPACE: input.workspace,
      HOME: input.home,
      TMPDIR: input.tmp,
      // The project's node_modules/.bin gives the real `claude` CLI and Node 24.
      PATH: `${input.repoRoot}/node_modules/.bin:${input.hostPath}`,
      IS_SANDBOX: '1',
    },
    rewriteSettings(input.gitRewrites),
  );
}

/** What a container of the real image needs of the host's stand-ins: none of them. */
export type ContainerEnvInput = Omit<
  MachineEnvInput,
  'hostPath' | 'repoRoot' | 'workspace' | 'home' | 'tmp'
>;

/**
 * The env of a machine run as a container of the real image: its own PATH, HOME, workspace
 * and user. The fixture repositories are mounted from the host, owned by whoever made them;
 * git refuses another user's repository ("dubious ownership") unless it is marked safe.
 */
export function buildContainerEnv(input: ContainerEnvInput): Record<string, string> {
  return withGitConfig(flyEnv(input), [
    ...rewriteSettings(input.gitRewrites),
    ['safe.directory', '*'],
  ]);
}

function flyEnv(input: ContainerEnvInput): Record<string, string> {
  return {
    LANG: 'C.UTF-8',
    ...input.emulatorEnv,
    ...input.machineEnv,
    // Set by Fly inside every machine.
    FLY_MACHINE_ID: input.machineId,
    FLY_ALLOC_ID: input.machineId,
    FLY_APP_NAME: input.app,
    FLY_REGION: input.region,
    FLY_IMAGE_REF: input.image,
    FLY_MACHINE_VERSION: input.version,
    FLY_PRIVATE_IP: input.privateIp,
    FLY_VM_MEMORY_MB: String(input.memoryMb),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ANTHROPIC_BASE_URL:
      input.anthropicUrl ?? input.machineEnv['ANTHROPIC_BASE_URL'] ?? UNREACHABLE_ANTHROPIC_URL,
  };
}

/** `{ from: to }` rewrites as git settings `url.<to>.insteadOf=<from>`. */
function rewriteSettings(rewrites: Record<string, string>): Array<[string, string]> {
  return Object.entries(rewrites).map(([from, to]) => [`url.${to}.insteadOf`, from]);
}

/** Git settings `[key, value]` through GIT_CONFIG_COUNT/KEY_n/VALUE_n. */
function withGitConfig(
  env: Record<string, string>,
  settings: Array<[string, string]>,
): Record<string, string> {
  if (settings.length === 0) return env;
  env['GIT_CONFIG_COUNT'] = String(settings.length);
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/**
 * Where the library reports what it does. The action passes one backed by
 * @actions/core; library users pass their own; the default says nothing.
 * src/fly never imports @actions/* (docs/architecture.md#layers).
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
};

/**
 * The ids of machines this step created and has not yet seen destroyed, mirrored into action
 * state on every change so that the post step (which runs even when the job is cancelled)
 * can destroy whatever the main step could not.
 */
export class MachineRegistry {
  readonly #ids = new Set<string>();
  readonly #persist: (ids: string[]) => void;

  constructor(persist: (ids: string[]) => void) {
    this.#persist = persist;
  }

  add(id: string): void {
    this.#ids.add(id);
    this.#persist([...this.#ids]);
  }

  remove(id: string): void {
    if (this.#ids.delete(id)) this.#persist([...this.#ids]);
  }

  get ids(): readonly string[] {
    return [...this.#ids];
  }
}

/** Parses what `MachineRegistry` saved; anything unreadable is treated as nothing. */
export function parseSavedMachineIds(saved: string): string[] {
  if (!saved) return [];
  try {
    const value: unknown = JSON.parse(saved);
    return Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string' && v !== '')
      : [];
  } catch {
    return [];
  }
}

/**
 * Shows workflow commands the way the Actions log viewer does: groups as headed sections,
 * errors and warnings as annotations, debug lines and mask commands hidden, masked values
 * replaced by ***.
 */
export interface WorkflowLogView {
  // Properties, not methods: `write` is handed on as an output callback, detached from the view.
  readonly write: (chunk: string) => void;
  readonly flush: () => void;
}

export function renderWorkflowLog(
  masks: readonly string[],
  out: (text: string) => void,
): WorkflowLogView {
  let pending = '';
  // While `::stop-commands::<token>` is in force, lines are text until `::<token>::`.
  let stoppedUntil: string | undefined;
  const mask = (line: string): string => masks.reduce((l, m) => l.split(m).join('***'), line);
  const unescape = (text: string): string =>
    text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const render = (line: string): void => {
    if (stoppedUntil !== undefined) {
      if (line === stoppedUntil) stoppedUntil = undefined;
      else out(`${mask(line)}\n`);
      return;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      stoppedUntil = `::${stop[1]}::`;
      return;
    }
    if (line.startsWith('::add-mask::') || line.startsWith('::debug::')) return;
    const group = /^::group::(.*)$/.exec(line);
    if (group) return out(`▼ ${mask(group[1] ?? '')}\n`);
    if (line === '::endgroup::') return out('\n');
    const annotation = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
    if (annotation) {
      const label =
        annotation[1] === 'error' ? 'Error' : annotation[1] === 'warning' ? 'Warning' : 'Notice';
      return out(`${label}: ${mask(unescape(annotation[2] ?? ''))}\n`);
    }
    out(`${mask(line)}\n`);
  };
  return {
    write(chunk) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) render(line);
    },
    flush() {
      if (pending) render(pending);
      pending = '';
    },
  };
}

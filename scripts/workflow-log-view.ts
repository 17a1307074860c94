/**
 * Shows a step's stdout the way the runner reads it and the Actions log viewer shows it:
 * groups as headed sections, errors, warnings and notices as annotations, debug lines and
 * other commands hidden, masked values (given, or added by `::add-mask::`) replaced by ***.
 *
 * Commands are recognised as the runner recognises them: `::name props::data` after leading
 * white space, or the legacy `##[name props]data` anywhere in a line, for the runner's command
 * names in any case. After `::stop-commands::<token>` every line is text until the token comes
 * back as a command of its own (`::<token>::` or `##[<token>]`, any case).
 */
export interface WorkflowLogView {
  // Properties, not methods: `write` is handed on as an output callback, detached from the view.
  readonly write: (chunk: string) => void;
  readonly flush: () => void;
}

/** The commands the runner knows (its command extensions, plus stop-commands). */
const RUNNER_COMMANDS = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

/** The runner reads lines as .NET does: \n, \r\n and a lone \r each end one. */
const LINE_END = /\r\n|\r|\n/;

interface Command {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
}

export function renderWorkflowLog(
  masks: readonly string[],
  out: (text: string) => void,
): WorkflowLogView {
  let pending = '';
  const masked = [...masks];
  // While `::stop-commands::<token>` is in force, only the token is a command.
  let stoppedUntil: string | undefined;
  const mask = (line: string): string =>
    masked.reduce((l, m) => (m ? l.split(m).join('***') : l), line);
  const render = (line: string): void => {
    if (stoppedUntil !== undefined) {
      const token = stoppedUntil;
      // The runner prints the fence lines themselves as text.
      if (parseCommand(line, (name) => name.toLowerCase() === token)) stoppedUntil = undefined;
      out(`${mask(line)}\n`);
      return;
    }
    const command = parseCommand(line, (name) => RUNNER_COMMANDS.has(name.toLowerCase()));
    if (!command) return out(`${mask(line)}\n`);
    switch (command.name) {
      case 'stop-commands':
        stoppedUntil = command.data.toLowerCase();
        out(`${mask(line)}\n`);
        return;
      case 'add-mask':
        masked.push(command.data);
        return;
      case 'group':
        return out(`▼ ${mask(command.data)}\n`);
      case 'endgroup':
        return out('\n');
      case 'error':
      case 'warning':
      case 'notice': {
        const label = command.name[0]!.toUpperCase() + command.name.slice(1);
        const title = command.properties.title ? ` (${command.properties.title})` : '';
        return out(`${label}${mask(title)}: ${mask(command.data)}\n`);
      }
      default:
        return; // debug and the file-less commands: not shown
    }
  };
  return {
    write(chunk) {
      pending += chunk;
      // A trailing \r may be the first half of \r\n: it waits for the next chunk.
      const held = pending.endsWith('\r') ? '\r' : '';
      const lines = (held ? pending.slice(0, -1) : pending).split(LINE_END);
      pending = (lines.pop() ?? '') + held;
      for (const line of lines) render(line);
    },
    flush() {
      const lines = pending.split(LINE_END);
      const last = lines.pop();
      for (const line of lines) render(line);
      if (last) render(last);
      pending = '';
    },
  };
}

/** The whole of `stdout`, rendered (for tests). */
export function viewWorkflowLog(stdout: string, masks: readonly string[] = []): string {
  let text = '';
  const view = renderWorkflowLog(masks, (t) => (text += t));
  view.write(stdout);
  view.flush();
  return text;
}

/** A command as the runner parses it, if `line` is one of a name `isCommand` accepts. */
function parseCommand(line: string, isCommand: (name: string) => boolean): Command | undefined {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end >= 0) {
      const parsed = commandOf(trimmed.slice(2, end), ',', isCommand);
      if (parsed) return { ...parsed, data: unescapeData(trimmed.slice(end + 2)) };
    }
  }
  const legacy = line.indexOf('##[');
  if (legacy >= 0) {
    const end = line.indexOf(']', legacy);
    if (end >= 0) {
      const parsed = commandOf(line.slice(legacy + 3, end), ';', isCommand);
      if (parsed) return { ...parsed, data: unescapeData(line.slice(end + 1)) };
    }
  }
  return undefined;
}

function commandOf(
  info: string,
  separator: string,
  isCommand: (name: string) => boolean,
): Omit<Command, 'data'> | undefined {
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!name || !isCommand(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(separator)) {
      const at = pair.indexOf('=');
      if (at > 0) properties[pair.slice(0, at).trim()] = unescapeData(pair.slice(at + 1));
    }
  }
  return { name: name.toLowerCase(), properties };
}

function unescapeData(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

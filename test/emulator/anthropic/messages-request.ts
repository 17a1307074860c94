// Reads the parts of a Messages API request body that the scripted scenarios depend on.
// Claude Code 2.1.330 sends the user's prompt as the last text block of the first user
// message, after `<system-reminder>` blocks that carry git status (commit messages!) and
// attribution text, and a `role: "system"` message with the environment facts.

/** A tool result found in the conversation. */
export interface ToolResultView {
  toolUseId: string;
  /** Name of the tool that produced it, from the matching assistant `tool_use` block. */
  toolName?: string;
  /** `input.command` of that `tool_use` block (the Bash command line). */
  command?: string;
  /** The tool's output flattened to text. */
  text: string;
  isError: boolean;
}

/** What the working directory looked like, as Claude Code described it to the model. */
export interface WorkspaceFacts {
  /** From `Is a git repository: true|false`; undefined when the request does not say. */
  isGitRepo?: boolean;
  /** From the gitStatus reminder: tracked files with changes; undefined without one. */
  hasTrackedChanges?: boolean;
}

/** The scenario-relevant reading of one request. */
export interface MessagesRequestView {
  model: string;
  stream: boolean;
  /** The user's own words (system reminders left out), joined by newlines. */
  prompt: string;
  /** Names of the offered tools. */
  tools: string[];
  /** Tool results in message order. */
  toolResults: ToolResultView[];
  workspace: WorkspaceFacts;
  /** JSON schema the caller asked the answer to follow (`output_config.format`), if any. */
  outputSchema?: unknown;
}

const SYSTEM_REMINDER = /^\s*<system-reminder>/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Content as blocks: the API accepts a plain string as shorthand for one text block. */
function contentBlocks(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter(isRecord);
}

function blockText(block: Record<string, unknown>): string | undefined {
  return block.type === 'text' && typeof block.text === 'string' ? block.text : undefined;
}

function toolResultText(content: unknown): string {
  return contentBlocks(content)
    .map((block) => blockText(block) ?? '')
    .join('\n');
}

function allTexts(body: Record<string, unknown>, messages: Record<string, unknown>[]): string[] {
  const texts: string[] = [];
  if (typeof body.system === 'string') texts.push(body.system);
  for (const block of contentBlocks(body.system)) texts.push(blockText(block) ?? '');
  for (const message of messages) {
    for (const block of contentBlocks(message.content)) texts.push(blockText(block) ?? '');
  }
  return texts;
}

/** Reads the git facts Claude Code put into the context. */
export function workspaceFacts(texts: readonly string[]): WorkspaceFacts {
  const facts: WorkspaceFacts = {};
  for (const text of texts) {
    const repo = /Is a git repository: (true|false)/.exec(text);
    if (repo && facts.isGitRepo === undefined) facts.isGitRepo = repo[1] === 'true';
    // The status section ends at the blank line before "Recent commits".
    const status = /\nStatus:\n([\s\S]*?)(?:\n\n|$)/.exec(text);
    if (status && text.includes('gitStatus') && facts.hasTrackedChanges === undefined) {
      const lines = (status[1] ?? '').split('\n').filter((line) => line.trim() !== '');
      // Untracked files (`??`) do not show up in `git diff --stat`.
      facts.hasTrackedChanges = lines.some(
        (line) => line.trim() !== '(clean)' && !line.startsWith('??'),
      );
    }
  }
  return facts;
}

/**
 * Turns a parsed Messages request body into the view the scenarios use. Tolerates missing or
 * oddly typed fields: the emulator answers whatever the CLI sends.
 */
export function readMessagesRequest(body: unknown): MessagesRequestView {
  const request = isRecord(body) ? body : {};
  const messages = Array.isArray(request.messages) ? request.messages.filter(isRecord) : [];
  const firstUser = messages.find((message) => message.role === 'user');
  const prompt = contentBlocks(firstUser?.content)
    .map(blockText)
    .filter((text): text is string => text !== undefined && !SYSTEM_REMINDER.test(text))
    .join('\n');

  const toolUses = new Map<string, Record<string, unknown>>();
  const toolResults: ToolResultView[] = [];
  for (const message of messages) {
    for (const block of contentBlocks(message.content)) {
      if (
        message.role === 'assistant' &&
        block.type === 'tool_use' &&
        typeof block.id === 'string'
      ) {
        toolUses.set(block.id, block);
      }
      if (message.role !== 'user' || block.type !== 'tool_result') continue;
      const toolUseId = typeof block.tool_use_id === 'string' ? block.tool_use_id : '';
      const toolUse = toolUses.get(toolUseId);
      const input = isRecord(toolUse?.input) ? toolUse.input : {};
      toolResults.push({
        toolUseId,
        ...(typeof toolUse?.name === 'string' ? { toolName: toolUse.name } : {}),
        ...(typeof input.command === 'string' ? { command: input.command } : {}),
        text: toolResultText(block.content),
        isError: block.is_error === true,
      });
    }
  }

  const tools = (Array.isArray(request.tools) ? request.tools.filter(isRecord) : [])
    .map((tool) => tool.name)
    .filter((name): name is string => typeof name === 'string');

  const outputConfig = isRecord(request.output_config) ? request.output_config : {};
  const format = isRecord(outputConfig.format) ? outputConfig.format : undefined;
  const outputSchema = format?.type === 'json_schema' ? (format.schema ?? {}) : undefined;

  return {
    model: typeof request.model === 'string' ? request.model : 'unknown-model',
    stream: request.stream === true,
    prompt,
    tools,
    toolResults,
    workspace: workspaceFacts(allTexts(request, messages)),
    ...(outputSchema !== undefined ? { outputSchema } : {}),
  };
}

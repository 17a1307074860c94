/**
 * The `q` of `GET /search/issues`: qualifiers (`repo:`, `user:`/`org:`, `is:`, `type:`,
 * `state:`, `in:`, `label:`, `author:`) and free text, words or "quoted phrases", all ANDed.
 * Text is matched the way a search index does: lower-cased runs of letters and digits, a
 * phrase being consecutive words, so `"flaude:report x"` finds `<!-- flaude:report x -->`.
 * Qualifiers GitHub has but the emulator does not implement, and boolean operators, are
 * refused (as {@link UnsupportedSearch}) rather than silently matching nothing.
 */

export type SearchField = 'title' | 'body' | 'comments';

export interface IssueQuery {
  /** Lower-cased `owner/name`s; any repository when empty. */
  repos: string[];
  /** Lower-cased owners (`user:`, `org:`). */
  owners: string[];
  kind?: 'issue' | 'pr';
  state?: 'open' | 'closed';
  /** Where the text must be; title, body and comments when empty. */
  fields: Set<SearchField>;
  /** Lower-cased label names, all required. */
  labels: string[];
  authors: string[];
  /** Each term is a word sequence (a word = one), all required. */
  terms: string[][];
}

/** A document to match: an issue or pull request with its comments. */
export interface SearchDocument {
  repo: string;
  owner: string;
  isPull: boolean;
  state: 'open' | 'closed';
  title: string;
  body: string;
  comments: string[];
  labels: string[];
  author: string;
}

/** A query using search syntax the emulator does not implement. */
export class UnsupportedSearch extends Error {}

/** Qualifiers of GitHub's issue search that the emulator does not implement. */
const UNIMPLEMENTED = new Set([
  'assignee',
  'mentions',
  'commenter',
  'involves',
  'team',
  'milestone',
  'project',
  'created',
  'updated',
  'closed',
  'merged',
  'comments',
  'reactions',
  'interactions',
  'no',
  'language',
  'status',
  'head',
  'base',
  'review',
  'reviewed-by',
  'review-requested',
  'team-review-requested',
  'sort',
  'linked',
  'archived',
  'draft',
  'reason',
]);

/** Parses `q`; throws {@link UnsupportedSearch} naming what it cannot do. */
export function parseIssueQuery(q: string): IssueQuery {
  const query: IssueQuery = {
    repos: [],
    owners: [],
    fields: new Set(),
    labels: [],
    authors: [],
    terms: [],
  };
  // A part is `"phrase"`, `key:"quoted value"`, `key:value` or a bare word.
  const parts = q.match(/"[^"]*"?|[^\s"]+:"[^"]*"?|\S+/g) ?? [];
  for (const part of parts) {
    if (part.startsWith('"')) {
      addTerm(query, part.replace(/^"|"$/g, ''));
      continue;
    }
    if (part.startsWith('-') && part.length > 1) {
      throw new UnsupportedSearch(`the emulator does not implement negation (${part})`);
    }
    if (/^(AND|OR|NOT)$/.test(part)) {
      throw new UnsupportedSearch(`the emulator does not implement the ${part} operator`);
    }
    const qualifier = /^([a-z-]+):(.+)$/i.exec(part);
    if (!qualifier) {
      addTerm(query, part);
      continue;
    }
    const key = (qualifier[1] ?? '').toLowerCase();
    const value = (qualifier[2] ?? '').replace(/^"|"$/g, '');
    if (!applyQualifier(query, key, value)) {
      if (UNIMPLEMENTED.has(key)) {
        throw new UnsupportedSearch(`the emulator does not implement the ${key}: qualifier`);
      }
      // GitHub reads an unknown `x:y` as text.
      addTerm(query, part);
    }
  }
  return query;
}

function applyQualifier(query: IssueQuery, key: string, value: string): boolean {
  const lower = value.toLowerCase();
  switch (key) {
    case 'repo':
      query.repos.push(lower);
      return true;
    case 'user':
    case 'org':
      query.owners.push(lower);
      return true;
    case 'is':
    case 'type':
      if (lower === 'issue') query.kind = 'issue';
      else if (lower === 'pr' || lower === 'pull-request') query.kind = 'pr';
      else if (key === 'is' && (lower === 'open' || lower === 'closed')) query.state = lower;
      else throw new UnsupportedSearch(`the emulator does not implement ${key}:${value}`);
      return true;
    case 'state':
      if (lower !== 'open' && lower !== 'closed') {
        throw new UnsupportedSearch(`the emulator does not implement state:${value}`);
      }
      query.state = lower;
      return true;
    case 'in':
      for (const field of lower.split(',')) {
        if (field !== 'title' && field !== 'body' && field !== 'comments') {
          throw new UnsupportedSearch(`the emulator does not implement in:${field}`);
        }
        query.fields.add(field);
      }
      return true;
    case 'label':
      query.labels.push(lower);
      return true;
    case 'author':
      query.authors.push(lower);
      return true;
    default:
      return false;
  }
}

function addTerm(query: IssueQuery, text: string): void {
  const words = searchTokens(text);
  if (words.length > 0) query.terms.push(words);
}

/** Lower-cased runs of letters and digits. */
export function searchTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether `doc` satisfies every part of `query`. */
export function matchesIssueQuery(query: IssueQuery, doc: SearchDocument): boolean {
  if (query.repos.length > 0 && !query.repos.includes(doc.repo.toLowerCase())) return false;
  if (query.owners.length > 0 && !query.owners.includes(doc.owner.toLowerCase())) return false;
  if (query.kind === 'issue' && doc.isPull) return false;
  if (query.kind === 'pr' && !doc.isPull) return false;
  if (query.state !== undefined && doc.state !== query.state) return false;
  const labels = doc.labels.map((l) => l.toLowerCase());
  if (!query.labels.every((l) => labels.includes(l))) return false;
  if (query.authors.length > 0 && !query.authors.includes(doc.author.toLowerCase())) return false;
  const fields = query.fields.size > 0 ? query.fields : new Set(['title', 'body', 'comments']);
  const texts = [
    ...(fields.has('title') ? [doc.title] : []),
    ...(fields.has('body') ? [doc.body] : []),
    ...(fields.has('comments') ? doc.comments : []),
  ].map(searchTokens);
  return query.terms.every((term) => texts.some((words) => containsSequence(words, term)));
}

function containsSequence(words: readonly string[], sequence: readonly string[]): boolean {
  for (let i = 0; i + sequence.length <= words.length; i++) {
    if (sequence.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

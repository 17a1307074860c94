/**
 * GitHub's error bodies (`basic-error`, `validation-error`, `validation-error-simple` in its
 * description) and an Error that carries one from a route to the server.
 */

/** Where GitHub points when no operation is known. */
export const REST_DOCS = 'https://docs.github.com/rest';

/** One entry of a `Validation Failed` body's `errors`. */
export interface ValidationErrorEntry {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** The JSON body of an error answer. */
export interface GithubErrorBody {
  message: string;
  errors?: Array<ValidationErrorEntry | string>;
  documentation_url: string;
  status: string;
}

/** Thrown by routes; the API handler turns it into `status` + body. */
export class GithubHttpError extends Error {
  readonly httpStatus: number;
  readonly errors: Array<ValidationErrorEntry | string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    httpStatus: number,
    message: string,
    options: {
      errors?: Array<ValidationErrorEntry | string>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'GithubHttpError';
    this.httpStatus = httpStatus;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  /** The body GitHub would send, pointing at the operation's documentation. */
  body(documentationUrl: string): GithubErrorBody {
    return errorBody(this.httpStatus, this.message, documentationUrl, this.errors);
  }
}

/** `{"message", "errors"?, "documentation_url", "status": "<code>"}`, GitHub's error shape. */
export function errorBody(
  status: number,
  message: string,
  documentationUrl: string = REST_DOCS,
  errors?: Array<ValidationErrorEntry | string>,
): GithubErrorBody {
  return {
    message,
    ...(errors === undefined ? {} : { errors }),
    documentation_url: documentationUrl,
    status: String(status),
  };
}

/** 404 `Not Found`: unknown repositories, issues, pull requests, comments, runs. */
export function notFound(): GithubHttpError {
  return new GithubHttpError(404, 'Not Found');
}

/** 422 `Validation Failed` with one `{resource, code, field, message?}` entry. */
export function validationFailed(entry: ValidationErrorEntry): GithubHttpError {
  return new GithubHttpError(422, 'Validation Failed', { errors: [entry] });
}

/**
 * 422 `Unprocessable Entity` with one error sentence, the shape of the review endpoints
 * (`validation-error-simple`).
 */
export function unprocessable(sentence: string): GithubHttpError {
  return new GithubHttpError(422, 'Unprocessable Entity', { errors: [sentence] });
}

/** Rails' `Array#to_sentence`, which GitHub uses to join validation messages. */
export function toSentence(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

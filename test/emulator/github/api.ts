/**
 * The REST API handler: OpenAPI validation (a refusal is recorded as an invalid request), the
 * token's access (read-only tokens get 403 on every write), the route of the matched
 * operation, GitHub's error shapes, then the answer checked against the response schema.
 */
import { errorBody, GithubHttpError } from './errors.ts';
import type { ApiHandler, ApiResponse } from './http-server.ts';
import type { OpenApiValidator } from './openapi-validator.ts';
import type { EmulatorState, Route } from './route-context.ts';
import { ROUTES } from './routes.ts';
import type { InvalidRequest, ResponseSchemaViolation } from './types.ts';

export interface GithubApiDeps {
  state: EmulatorState;
  validator: OpenApiValidator;
  /** The emulator's base URL, for absolute `Link`s. */
  apiUrl: () => string;
  onInvalidRequest: (invalid: InvalidRequest) => void;
  onResponseViolation: (violation: ResponseSchemaViolation) => void;
}

export function createGithubApiHandler(deps: GithubApiDeps): ApiHandler {
  return async (request) => {
    const validation = deps.validator.validateRequest(request);
    if (!validation.ok) {
      deps.onInvalidRequest({
        method: request.method,
        path: request.path,
        status: validation.status,
        reasons: validation.reasons,
      });
      const refused: ApiResponse = { status: validation.status, body: validation.body };
      if (validation.operation) refused.operation = validation.operation.key;
      return refused;
    }
    const { operation } = validation;
    const answer = (response: ApiResponse): ApiResponse => {
      if (!response.dropConnection) {
        const reasons = deps.validator.validateResponse(operation, response.status, response.body);
        if (reasons.length > 0) {
          deps.onResponseViolation({
            method: request.method,
            path: request.path,
            status: response.status,
            reasons,
          });
        }
      }
      return { ...response, operation: operation.key };
    };
    const failure = (e: GithubHttpError): ApiResponse => {
      const response: ApiResponse = {
        status: e.httpStatus,
        body: e.body(operation.documentationUrl),
      };
      if (e.headers) response.headers = e.headers;
      return answer(response);
    };

    const route = ROUTES[operation.key];
    if (!route) {
      return answer({
        status: 501,
        body: errorBody(501, `the GitHub emulator does not implement ${operation.key}`),
      });
    }
    // GitHub's answer to a write by a token without the permission (a GITHUB_TOKEN with
    // `contents: read` only, or a fork's pull request).
    if (request.method !== 'GET' && request.actor.access === 'read') {
      return failure(new GithubHttpError(403, 'Resource not accessible by integration'));
    }
    const unimplemented = unimplementedInputs(route, validation.query, validation.body);
    if (unimplemented.length > 0) {
      return failure(
        new GithubHttpError(
          501,
          `the GitHub emulator does not implement ${unimplemented.join(', ')} of ${operation.key}`,
        ),
      );
    }

    const requestUrl = new URL(request.path, deps.apiUrl());
    requestUrl.search = request.query.toString();
    try {
      return answer(
        await route.handle({
          state: deps.state,
          params: operation.pathParams,
          query: validation.query,
          body: validation.body,
          actor: request.actor,
          requestUrl,
        }),
      );
    } catch (e: unknown) {
      if (e instanceof GithubHttpError) return failure(e);
      throw e;
    }
  };
}

/** Query parameters and body fields given (not null, not empty) that the route does not do. */
function unimplementedInputs(
  route: Route,
  query: Record<string, unknown>,
  body: unknown,
): string[] {
  const given = (value: unknown): boolean =>
    value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return [
    ...(route.unimplemented?.query ?? []).filter((q) => given(query[q])).map((q) => `?${q}`),
    ...(route.unimplemented?.body ?? []).filter((f) => given(fields[f])).map((f) => `"${f}"`),
  ];
}

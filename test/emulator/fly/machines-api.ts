/**
 * The Machines API handler: OpenAPI validation, Fly's documented rules, rate limits, then the
 * route of the matched spec operation. Spec operations the emulator does not implement answer
 * 501 so a test notices at once.
 */
import { appRoutes } from './apps-routes.ts';
import { flyErrorBody } from './errors.ts';
import { checkFlyRules } from './fly-rules.ts';
import type { ApiHandler, ApiResponse } from './http-server.ts';
import { machineRoutes } from './machine-routes.ts';
import type { OpenApiValidator } from './openapi-validator.ts';
import type { TokenBucketLimiter } from './rate-limiter.ts';
import type { EmulatorState, Route } from './routes.ts';
import type { RateLimitConfig, ResponseSchemaViolation, ValidationFailure } from './types.ts';

export interface MachinesApiDeps {
  state: EmulatorState;
  validator: OpenApiValidator;
  /** undefined = rate limits off. */
  limiter: TokenBucketLimiter | undefined;
  limits: RateLimitConfig;
  onValidationFailure: (failure: ValidationFailure) => void;
  onResponseViolation: (violation: ResponseSchemaViolation) => void;
}

const ROUTES: Record<string, Route> = { ...appRoutes, ...machineRoutes };

export function createMachinesApiHandler(deps: MachinesApiDeps): ApiHandler {
  return async (request) => {
    const refuse = (status: number, reasons: string[]): ApiResponse => {
      deps.onValidationFailure({ method: request.method, path: request.path, status, reasons });
      return { status, body: flyErrorBody(reasons.join('; ')) };
    };

    const validation = deps.validator.validateRequest({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      rawBody: request.rawBody,
    });
    if (!validation.ok) return refuse(validation.status, validation.reasons);
    const { operation, body } = validation;

    const violation = checkFlyRules(operation.key, request.query, body);
    if (violation) return refuse(violation.status, violation.reasons);

    const route = ROUTES[operation.key];
    if (!route) {
      return {
        status: 501,
        body: flyErrorBody(`${operation.key} is not implemented by the emulator`),
      };
    }

    if (deps.limiter) {
      const bucket = route.rateLimit(operation.pathParams);
      const [rate, burst] = bucket.getMachine
        ? [deps.limits.getMachinePerSecond, deps.limits.getMachineBurst]
        : [deps.limits.perSecond, deps.limits.burst];
      if (!deps.limiter.take(bucket.key, rate, burst)) {
        // Fly sends no Retry-After on the Machines API (docs/fly-api.md#rate-limits-and-retries).
        return { status: 429, body: flyErrorBody('rate limit exceeded') };
      }
    }

    const response = await route.handle({
      state: deps.state,
      params: operation.pathParams,
      query: request.query,
      body,
      headers: request.headers,
    });
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
    return response;
  };
}

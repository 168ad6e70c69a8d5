/**
 * The machine-readable kind of a failure, reported as `error_type` in the
 * JSON result (and in batch result lines) beside the human message: scripts
 * branch on it instead of parsing the message.
 *
 * An error carries its kind in an `errorType` property when the code that
 * made it knew it (a mid-stream error, a retried status); otherwise the kind
 * follows from the error's class, looked up along its `cause` chain.
 *
 * @module
 */
import {
  AuthRejectedError,
  errorChain,
  InterruptedError,
  OmnError,
  ProviderError,
  RateLimitError,
  RefusalError,
  TimedOutError,
  UsageError,
} from "./errors.ts";

/** Every value of `error_type`, as the README lists them. */
export const ERROR_TYPES = [
  "usage",
  "refused",
  "permission_denied",
  "auth_rejected",
  "quota_exhausted",
  "rate_limited",
  "overloaded",
  "server_error",
  "timeout",
  "unreachable",
  "content_filtered",
  "invalid_request",
  "schema_mismatch",
  "budget_exceeded",
  "budget_unpriced",
  "provider_error",
  "interrupted",
  "runtime_error",
] as const;

/** One value of `error_type`. */
export type ErrorType = typeof ERROR_TYPES[number];

/** Gives an error its kind and returns it. */
export function withErrorType<E extends Error>(error: E, type: ErrorType): E {
  Object.defineProperty(error, "errorType", { value: type, enumerable: false });
  return error;
}

function ownType(error: unknown): ErrorType | undefined {
  const value = typeof error === "object" && error !== null
    ? (error as { errorType?: unknown }).errorType
    : undefined;
  return typeof value === "string" && (ERROR_TYPES as readonly string[]).includes(value)
    ? value as ErrorType
    : undefined;
}

/**
 * The kind of any thrown value: its own, one along its causes, a refusal of
 * the permission set anywhere along them, else its class's.
 */
export function errorTypeOf(error: unknown): ErrorType {
  const chain = errorChain(error);
  for (const current of chain) {
    const own = ownType(current);
    if (own) return own;
  }
  const refusedByPermissions = (current: Error) =>
    current instanceof Deno.errors.NotCapable || current instanceof Deno.errors.PermissionDenied;
  if (chain.some(refusedByPermissions)) return "permission_denied";
  if (error instanceof UsageError) return "usage";
  if (error instanceof RefusalError) return "refused";
  if (error instanceof AuthRejectedError) return "auth_rejected";
  if (error instanceof TimedOutError) return "timeout";
  if (error instanceof RateLimitError) return "rate_limited";
  if (error instanceof InterruptedError) return "interrupted";
  if (error instanceof ProviderError) return "provider_error";
  if (error instanceof OmnError) return "runtime_error";
  return "runtime_error";
}

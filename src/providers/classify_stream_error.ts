/**
 * Errors that a provider sends inside a reply stream that began with HTTP
 * 200, turned into omn's error classes with a kind (`error_type`), the
 * provider's own error type and its (redacted) message:
 *
 * - OpenAI chat completions: a `data: {"error": {…}}` chunk;
 * - the Responses API (OpenAI, xAI): a `type: "error"` event and `response.failed`;
 * - Anthropic: `event: error` (`overloaded_error`, `rate_limit_error`, `api_error`…);
 * - Bedrock: an exception frame of the event stream (`throttlingException`…);
 * - Gemini and Vertex: a `finishReason` of `SAFETY`, `RECITATION`,
 *   `PROHIBITED_CONTENT`… (see {@linkcode contentFilterError}).
 *
 * The AI SDK hands these on as plain objects (its "provider stream errors",
 * or the raw frame), which is why they need reading here: `String()` of one
 * is `[object Object]`.
 *
 * Exit codes: rate limiting, throttling and overload exit 5 (try again
 * later); an exhausted quota or billing exits 4 (the account, not the key);
 * a content filter and anything else exit 1. An HTTP status the error
 * carries (its own, or the one the AI SDK gives its type) is read by
 * `classifyStatus`, the one classifier of statuses, and its kind gets the
 * exit code an HTTP answer of that kind gets ({@linkcode errorOfType}).
 *
 * @module
 */
import {
  AuthRejectedError,
  type OmnError,
  ProviderError,
  RateLimitError,
  TimedOutError,
} from "../core/errors.ts";
import { type ErrorType, withErrorType } from "../core/error_type.ts";
import { redactExcerpt } from "../security/redact_excerpt.ts";
import { neutralizeControls } from "../security/neutralize_controls.ts";
import { classifyStatus } from "../net/classify_status.ts";

/** What a stream error says, read from whichever shape the provider used. */
export interface StreamErrorFields {
  /** The provider's error type or code: `overloaded_error`, `throttlingException`, `insufficient_quota`… */
  name?: string;
  /** The provider's message. */
  message?: string;
  /** The HTTP status the provider's own SDK gives the error, when known. */
  statusCode?: number;
}

/** The Bedrock exception frames of a ConverseStream event stream. */
const BEDROCK_EXCEPTIONS = [
  "throttlingException",
  "serviceUnavailableException",
  "internalServerException",
  "modelStreamErrorException",
  "validationException",
] as const;

/** Event and wrapper names that say nothing about the error itself. */
const GENERIC_NAMES = new Set(["error", "response.failed", "failed"]);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** The most telling name: not a generic event name, and a word rather than a number. */
function pickName(...candidates: unknown[]): string | undefined {
  const names = candidates.map(text).filter((name): name is string => name !== undefined);
  return names.find((name) => !GENERIC_NAMES.has(name) && !/^\d+$/.test(name)) ??
    names.find((name) => !GENERIC_NAMES.has(name)) ?? names[0];
}

function httpStatusOf(...candidates: unknown[]): number | undefined {
  return candidates.find((value): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599
  );
}

/**
 * Reads a stream error's type, message and status from any of the shapes
 * above, or from an `Error` carrying one (`data`, `value`); `undefined` when
 * the value is not a stream error.
 */
export function streamErrorFields(value: unknown, depth = 0): StreamErrorFields | undefined {
  if (depth > 4) return undefined;
  if (value instanceof Error) {
    const carried = value as Error & { data?: unknown; value?: unknown; statusCode?: unknown };
    const inner = streamErrorFields(carried.data, depth + 1) ??
      streamErrorFields(carried.value, depth + 1);
    if (!inner) return undefined;
    const statusCode = typeof carried.statusCode === "number" ? carried.statusCode : undefined;
    return { ...inner, statusCode: inner.statusCode ?? statusCode };
  }
  const object = record(value);
  if (!object) return undefined;
  for (const exception of BEDROCK_EXCEPTIONS) {
    const frame = record(object[exception]);
    if (frame) return { name: exception, message: text(frame.message) };
  }
  if (object.type === "response.failed") {
    const failed = record(record(object.response)?.error);
    if (!failed) return undefined;
    return {
      name: pickName(failed.code, failed.type, "response.failed"),
      message: text(failed.message),
    };
  }
  const nested = record(object.error);
  if (nested) {
    const inner = streamErrorFields(nested, depth + 1);
    if (inner) return { ...inner, name: pickName(inner.name, object.code, object.type) };
  }
  const message = text(object.message);
  const name = pickName(object.code, object.type, object.status);
  if (message === undefined && name === undefined) return undefined;
  if (message === undefined && !("code" in object) && !("type" in object)) return undefined;
  return { name, message, statusCode: httpStatusOf(object.statusCode, object.code) };
}

/** The kind of a stream error, from its name, message and status. */
export function streamErrorType(fields: StreamErrorFields): ErrorType {
  const name = (fields.name ?? "").toLowerCase();
  const message = (fields.message ?? "").toLowerCase();
  const status = fields.statusCode;
  if (/quota|billing|insufficient_funds|credit/.test(name)) return "quota_exhausted";
  if (/billing|credit balance|insufficient funds/.test(message)) return "quota_exhausted";
  if (/rate_?limit|throttl|too_many_requests|resource_exhausted/.test(name)) return "rate_limited";
  if ((status === 429 || status === 402) && /quota/.test(message)) return "quota_exhausted";
  if (/overload|unavailable|capacity/.test(name)) return "overloaded";
  if (/\boverloaded\b/.test(message)) return "overloaded";
  if (/content_?filter|safety|prohibited|recitation|blocked/.test(name)) return "content_filtered";
  if (/authentication|permission|unauthori[sz]ed|forbidden/.test(name)) return "auth_rejected";
  if (/server|internal|api_error|modelstreamerror|timeout/.test(name)) return "server_error";
  if (/invalid|validation|bad_request|too_large|context_length|not_found/.test(name)) {
    return "invalid_request";
  }
  // A status is read the one way every HTTP answer is (retries, error mapping).
  return status === undefined ? "provider_error" : classifyStatus(status).type;
}

/** What each kind adds to the message: what it means and what to do. */
const ADVICE: Partial<Record<ErrorType, string>> = {
  rate_limited: "rate limited; try again later or lower the request rate",
  overloaded: "the service is overloaded; try again later",
  quota_exhausted:
    "the account's quota or billing is exhausted, not the key: check the plan and billing; retrying will not help",
  server_error: "a server error at the provider",
  auth_rejected: "the provider refused the credentials mid-stream",
  content_filtered: "the provider's content filter stopped the reply",
};

/**
 * The provider's message on one line, redacted (a key wrapped over lines
 * included: `redactExcerpt`), its control characters shown (`^[`), then shortened.
 */
export function cleanMessage(message: string, limit = 300): string {
  const line = neutralizeControls(redactExcerpt(message, limit, { oneLine: true }));
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

/**
 * The error omn reports for a kind, with its exit code (README, "error_type"):
 * the one mapping from kind to exit code of a provider's error, for an error
 * in the stream and for an HTTP answer that was not retried alike.
 */
export function errorOfType(type: ErrorType, message: string): OmnError {
  switch (type) {
    case "timeout":
      return withErrorType(new TimedOutError(message), type);
    case "rate_limited":
    case "overloaded":
      return withErrorType(new RateLimitError(message), type);
    case "quota_exhausted":
    case "auth_rejected":
      return withErrorType(new AuthRejectedError(message), type);
    default:
      return withErrorType(new ProviderError(message), type);
  }
}

/**
 * The error omn reports for a stream error, or `undefined` when `value` is
 * not one (the caller then maps it as any other failure). `httpStatus`: the
 * same error shape came as an HTTP error answer with that status.
 *
 * @example
 * ```ts
 * const error = classifyStreamError(
 *   { type: "overloaded_error", message: "Overloaded" },
 *   "anthropic",
 * );
 * // RateLimitError (exit 5), errorType "overloaded":
 * // "anthropic sent an error in the reply stream: overloaded_error: Overloaded (the service is overloaded; try again later)"
 * ```
 */
export function classifyStreamError(
  value: unknown,
  provider: string,
  options: { httpStatus?: number } = {},
): OmnError | undefined {
  const fields = streamErrorFields(value);
  if (!fields) return undefined;
  const type = streamErrorType(fields);
  const said = [
    fields.name === undefined ? undefined : cleanMessage(fields.name, 80),
    fields.message ? cleanMessage(fields.message) : undefined,
  ]
    .filter((part) => part !== undefined).join(": ");
  const advice = ADVICE[type];
  const error = errorOfType(
    type,
    `${provider} ${
      options.httpStatus === undefined
        ? "sent an error in the reply stream"
        : `returned ${options.httpStatus}`
    }: ${said || "no detail"}${advice ? ` (${advice})` : ""}`,
  );
  if (options.httpStatus === undefined) fromStream.add(error);
  return error;
}

const fromStream = new WeakSet<Error>();

/** A stream error's value as text: a string as it is, anything else as compact JSON. */
function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The error omn reports for a value a reply stream carried as its error
 * that says no more ({@linkcode classifyStreamError} read nothing from it:
 * an object without a message, null, a number, an array, a string): a
 * provider error (exit 1) with the value on one line, as compact JSON,
 * redacted, its control characters shown, shortened; never `[object Object]`.
 */
export function unreadableStreamError(value: unknown, provider: string): OmnError {
  const error = errorOfType(
    "provider_error",
    `${provider} sent an error in the reply stream: ${
      cleanMessage(valueText(value)) || "no detail"
    }`,
  );
  fromStream.add(error);
  return error;
}

/**
 * Whether an error came from inside a reply stream (and not from an HTTP
 * status, which the retrying fetch has already retried).
 */
export function isStreamError(error: unknown): boolean {
  return error instanceof Error && fromStream.has(error);
}

/** The error for a reply the provider's content filter stopped (`reason`: its raw finish reason). */
export function contentFilterError(provider: string, reason: string | undefined): OmnError {
  return withErrorType(
    new ProviderError(
      `${provider} stopped the reply: its content filter blocked it (${
        reason ? cleanMessage(reason, 80) : "content-filter"
      }); rephrase the prompt`,
    ),
    "content_filtered",
  );
}

/** Whether a kind is worth another attempt when no text has been shown yet. */
export function isRetryableType(type: ErrorType): boolean {
  return type === "rate_limited" || type === "overloaded" || type === "server_error";
}

/**
 * What `@ai-sdk/openai` makes of an error frame inside a reply stream: the
 * "provider stream error" (message, type, code, the HTTP status its code or
 * type stands for, whether it is worth a retry, the frame) handed on as a
 * stream part, and the `APICallError` thrown instead when the frame comes
 * before any output. The same objects as the SDK's, so that omn's error
 * mapping (`classify_stream_error.ts`, `map_provider_error.ts`) reads them
 * the same way (tests/providers/openai_chat_model_test.ts).
 *
 * @module
 */
import { APICallError } from "@ai-sdk/provider";

/** The AI SDK's provider stream error. */
export interface ProviderStreamError {
  message: string;
  type?: string;
  code?: string | number;
  statusCode: number;
  isRetryable: boolean;
  data: unknown;
}

interface StreamErrorFields {
  message: string;
  code?: string | number;
  type?: string;
}

/** The mark the SDK puts on a provider stream error (`isProviderStreamError`). */
const PROVIDER_STREAM_ERROR = Symbol.for("vercel.ai.providerStreamError");

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? value as Record<string, unknown> : undefined;
}

function stringOrNumber(value: unknown): string | number | undefined {
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

function parseStreamError(frame: unknown): StreamErrorFields | undefined {
  const value = asRecord(frame);
  if (value === undefined) return undefined;
  if (value.type === "response.failed") {
    const responseError = asRecord(asRecord(value.response)?.error);
    return typeof responseError?.message === "string"
      ? {
        message: responseError.message,
        code: stringOrNumber(responseError.code),
        type: "response.failed",
      }
      : undefined;
  }
  const error = asRecord(value.error) ?? value;
  return typeof error.message === "string" &&
      (asRecord(value.error) !== undefined || typeof error.type === "string" || "code" in error ||
        "param" in error)
    ? {
      message: error.message,
      code: stringOrNumber(error.code),
      type: typeof error.type === "string" ? error.type : undefined,
    }
    : undefined;
}

function httpStatusOf(value: unknown): number | undefined {
  const status = typeof value === "string" && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

function statusCodeOf(error: StreamErrorFields): number {
  const explicit = httpStatusOf(error.code);
  if (explicit !== undefined) return explicit;
  const words = [error.code, error.type]
    .filter((value) => typeof value === "string" || typeof value === "number")
    .join(" ").toLowerCase();
  if (["insufficient_quota", "rate_limit"].some((term) => words.includes(term))) return 429;
  if (words.includes("authentication")) return 401;
  if (words.includes("permission")) return 403;
  if (words.includes("not_found")) return 404;
  if (["invalid", "bad_request", "context_length"].some((term) => words.includes(term))) return 400;
  if (words.includes("overload")) return 503;
  if (words.includes("timeout")) return 504;
  return 500;
}

function isRetryable(error: StreamErrorFields, statusCode: number): boolean {
  if (error.code === "insufficient_quota" || error.type === "insufficient_quota") return false;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

/** The SDK's provider stream error of an error frame, or undefined when the frame has no message. */
export function openaiStreamErrorOf(frame: unknown): ProviderStreamError | undefined {
  const fields = parseStreamError(frame);
  if (fields === undefined) return undefined;
  const statusCode = statusCodeOf(fields);
  const error: ProviderStreamError = {
    message: fields.message,
    type: fields.type ?? undefined,
    code: fields.code ?? undefined,
    statusCode,
    isRetryable: isRetryable(fields, statusCode),
    data: frame,
  };
  Object.defineProperty(error, PROVIDER_STREAM_ERROR, { value: true });
  return error;
}

/** The SDK's error for an error frame that came before any output. */
export function openaiStreamErrorBeforeOutput(options: {
  frame: unknown;
  url: string;
  requestBodyValues: unknown;
  responseHeaders: Record<string, string>;
}): APICallError {
  const streamError = openaiStreamErrorOf(options.frame);
  return new APICallError({
    message: streamError?.message ?? "OpenAI stream failed before any output was generated",
    url: options.url,
    requestBodyValues: options.requestBodyValues,
    statusCode: streamError?.statusCode ?? 500,
    responseHeaders: options.responseHeaders,
    responseBody: JSON.stringify(options.frame),
    data: options.frame,
    isRetryable: streamError?.isRetryable,
  });
}

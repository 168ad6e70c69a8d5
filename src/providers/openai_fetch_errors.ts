/**
 * What the AI SDK's `postJsonToApi` makes of a request that failed: a
 * connection that could not be made becomes an `APICallError` ("Cannot
 * connect to API: …", worth a retry), an abort stays as it is, and an
 * answer with an error status becomes an `APICallError` with the status,
 * the headers, the body and OpenAI's message. The same errors as the SDK's,
 * for omn's own OpenAI client (`openai_chat_model.ts`).
 *
 * @module
 */
import { APICallError } from "@ai-sdk/provider";
import { secureJsonParse } from "./secure_json_parse.ts";

const FETCH_FAILED_MESSAGES = ["fetch failed", "failed to fetch"];

const RETRYABLE_NETWORK_CODES = new Set([
  "ConnectionRefused",
  "ConnectionClosed",
  "FailedToOpenSocket",
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The SDK's test of an abort (its own, a timeout or a closed response). */
export function isAbortError(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) &&
    (error.name === "AbortError" || error.name === "ResponseAborted" ||
      error.name === "TimeoutError");
}

function findNetworkError(error: unknown): (Error & { code: string }) | undefined {
  const visited = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !visited.has(current)) {
    visited.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE_NETWORK_CODES.has(code)) {
      return current as Error & { code: string };
    }
    current = current.cause;
  }
  return undefined;
}

/** The SDK's `handleFetchError`: what a failed request is reported as. */
export function handleFetchError(error: unknown, url: string, requestBodyValues: unknown): unknown {
  if (isAbortError(error)) return error;
  if (error instanceof TypeError && FETCH_FAILED_MESSAGES.includes(error.message.toLowerCase())) {
    const cause = error.cause as { message?: string } | undefined | null;
    if (cause !== null && cause !== undefined) {
      return new APICallError({
        message: `Cannot connect to API: ${cause.message}`,
        cause,
        url,
        requestBodyValues,
        isRetryable: true,
      });
    }
  }
  const networkError = findNetworkError(error);
  if (networkError === undefined) return error;
  if (APICallError.isInstance(error)) {
    return new APICallError({
      message: error.message,
      cause: error.cause,
      url: error.url,
      requestBodyValues: error.requestBodyValues,
      statusCode: error.statusCode,
      responseHeaders: error.responseHeaders,
      responseBody: error.responseBody,
      data: error.data,
      isRetryable: true,
    });
  }
  return new APICallError({
    message: `Cannot connect to API: ${
      error instanceof Error ? error.message : networkError.message
    }`,
    cause: error,
    url,
    requestBodyValues,
    isRetryable: true,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * OpenAI's error body, as the SDK's schema keeps it
 * (`{"error": {"message", "type", "param", "code"}}`), or undefined when the
 * body does not fit it.
 */
function openaiErrorData(body: string): { error: Record<string, unknown> } | undefined {
  let value: unknown;
  try {
    value = secureJsonParse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecord(value.error)) return undefined;
  const { message, type, param, code } = value.error;
  const optional = (field: unknown, ok: boolean) => field === undefined || field === null || ok;
  if (
    typeof message !== "string" || !optional(type, typeof type === "string") ||
    !optional(code, typeof code === "string" || (typeof code === "number" && isFinite(code)))
  ) {
    return undefined;
  }
  const error: Record<string, unknown> = { message };
  for (const [key, field] of Object.entries({ type, param, code })) {
    if (key in value.error) error[key] = field;
  }
  return { error };
}

/**
 * The SDK's error for an answer with an error status, from its body:
 * OpenAI's message when the body is OpenAI's error JSON, else the status text.
 */
export function failedResponseError(options: {
  body: string;
  status: number;
  statusText: string;
  url: string;
  requestBodyValues: unknown;
  responseHeaders: Record<string, string>;
}): APICallError {
  const { body, status, statusText, url, requestBodyValues, responseHeaders } = options;
  const data = body.trim() === "" ? undefined : openaiErrorData(body);
  return new APICallError({
    message: data === undefined ? statusText : String(data.error.message),
    url,
    requestBodyValues,
    statusCode: status,
    responseHeaders,
    responseBody: body,
    data,
  });
}

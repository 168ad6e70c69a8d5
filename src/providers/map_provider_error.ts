/**
 * Turns what an AI SDK provider throws into omn's error classes, with the
 * provider's own message. A rejected key names the key only by its masked
 * form and fingerprint, and the command that fixes it.
 *
 * @module
 */
import {
  AuthRejectedError,
  OmnError,
  ProviderError,
  RateLimitError,
  TimedOutError,
} from "../core/errors.ts";
import type { ResolvedCredentials } from "../credentials/resolve_credentials.ts";
import { providerCredentials } from "../permissions/provider_credentials.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret } from "../security/redact.ts";
import { providerMessage } from "../net/provider_message.ts";
import { SPLIT_SECRET_EXCERPT } from "../security/redact_excerpt.ts";
import { isExhaustedQuota } from "../net/retry_delay.ts";
import { classifyStatus } from "../net/classify_status.ts";
import {
  classifyStreamError,
  cleanMessage,
  errorOfType,
  unreadableStreamError,
} from "./classify_stream_error.ts";
import { unreadableChunkProblem } from "./unreadable_chunk_message.ts";

/** The fields of the AI SDK's `APICallError` that matter here. */
interface ApiCallErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  url?: string;
}

/**
 * Whether the SDK made this error from an error event of a reply stream
 * (OpenAI's error before any output) rather than from an HTTP error status.
 */
function cameFromStream(error: ApiCallErrorLike): boolean {
  const type = error.responseHeaders?.["content-type"] ?? "";
  return /text\/event-stream|application\/vnd\.amazon\.eventstream/i.test(type);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error &&
    (error.name === "TimeoutError" ||
      (error.cause instanceof Error && error.cause.name === "TimeoutError"));
}

/**
 * An omn error that the SDK wrapped (the retrying fetch's timeouts and
 * exhausted retries, an interruption), found along the `cause` chain.
 */
function omnErrorInCauses(error: unknown): OmnError | undefined {
  let current = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof OmnError) return current;
    current = current.cause;
  }
  return undefined;
}

function isApiCallError(error: unknown): error is ApiCallErrorLike {
  return error instanceof Error && error.name === "AI_APICallError";
}

/**
 * How providers that answer a bad key with 400 say so: xAI ("Incorrect API
 * key provided") and Gemini ("API key not valid", reason `API_KEY_INVALID`).
 */
const REJECTED_KEY = /incorrect api key|invalid api key|api key not valid|API_KEY_INVALID/i;

function describeKey(
  credentials: ResolvedCredentials | undefined,
  preferred?: string,
): string {
  if (!credentials) return "";
  const spec = providerCredentials(credentials.provider);
  const field =
    spec.fields.find((candidate) =>
      candidate.field === preferred && credentials.fields[candidate.field]
    ) ?? spec.fields.find((candidate) => candidate.secret && credentials.fields[candidate.field]);
  const found = field && credentials.fields[field.field];
  if (!found) return "";
  const from = found.variable ? `${found.source} ${found.variable}` : found.source;
  return ` the key ${maskSecret(found.value)} (${fingerprint(found.value)}, from ${from})`;
}

/**
 * Whether AWS said the SigV4 signature is wrong (`InvalidSignatureException`,
 * `SignatureDoesNotMatch`): the secret access key (or the clock), not the
 * access key id, which AWS recognised.
 */
function isSignatureMismatch(error: ApiCallErrorLike, message: string): boolean {
  const type = error.responseHeaders?.["x-amzn-errortype"] ?? "";
  return /^(InvalidSignatureException|SignatureDoesNotMatch)\b/.test(type) ||
    /signature we calculated does not match|signature expired|signature not yet current/i.test(
      message,
    );
}

/**
 * The error frame of a stream chunk the SDK could not read (`{"error": …}`
 * whose error has no string message: an object without one, null, a number,
 * an array, a string), which the SDK reports as a failed type validation
 * quoting the whole frame.
 */
function errorOfUnreadableFrame(error: unknown): { error: unknown } | undefined {
  if (!(error instanceof Error) || error.name !== "AI_TypeValidationError") return undefined;
  const value = (error as Error & { value?: unknown }).value;
  return typeof value === "object" && value !== null && !Array.isArray(value) && "error" in value
    ? value as { error: unknown }
    : undefined;
}

/** Maps a thrown value to the error omn reports. */
export function mapProviderError(
  error: unknown,
  provider: string,
  credentials?: ResolvedCredentials,
): unknown {
  if (error instanceof OmnError || error instanceof Deno.errors.NotCapable) return error;
  const reported = omnErrorInCauses(error);
  if (reported) return reported;
  if (isTimeout(error)) {
    return new TimedOutError(
      `${provider}: timed out for the whole request; raise it with --timeout`,
      { cause: error },
    );
  }
  if (!isApiCallError(error) || error.statusCode === undefined) {
    if (
      error instanceof Error && error.name === "AI_InvalidResponseDataError" &&
      error.message === "Response stream ended without a finish reason."
    ) {
      // The compatible package's word for a reply cut short: omn's, as for every provider.
      return new ProviderError(
        `${provider}: the reply stream ended before the reply was complete`,
        { cause: error },
      );
    }
    if (error instanceof Error && error.name === "AI_JSONParseError") {
      return new ProviderError(`${provider}: the reply stream carried an event that is not JSON`, {
        cause: error,
      });
    }
    const frameError = errorOfUnreadableFrame(error);
    if (frameError !== undefined) {
      return classifyStreamError(frameError.error, provider) ??
        unreadableStreamError(frameError.error, provider);
    }
    const problem = error instanceof Error && error.name === "AI_TypeValidationError"
      ? unreadableChunkProblem(error)
      : undefined;
    if (problem !== undefined) {
      return new ProviderError(
        `${provider}: the reply stream carried a chunk omn cannot read (${
          cleanMessage(problem, 200)
        })`,
        { cause: error },
      );
    }
    if (error instanceof Error) {
      // Its message may quote what the provider sent (a failed validation): redacted, shortened.
      return new ProviderError(`${provider}: ${cleanMessage(error.message, 500)}`, {
        cause: error,
      });
    }
    return error;
  }
  const status = error.statusCode;
  if (cameFromStream(error)) {
    const classified = classifyStreamError(error, provider);
    if (classified) return classified;
  }
  if (status === 429 && isExhaustedQuota(error.responseBody)) {
    const classified = classifyStreamError(error, provider, { httpStatus: status });
    if (classified) return classified;
  }
  // An answer that says nothing (an empty message, body and reason) still names the problem.
  const message = providerMessage(error.responseBody) ?? (error.message.trim() || "no message");
  if ((status === 401 || status === 403) && isSignatureMismatch(error, message)) {
    const clock = /signature (expired|not yet current)/i.test(message);
    const key = describeKey(credentials, "secret_access_key").replace(
      /^ the key/,
      "the secret access key",
    );
    return new AuthRejectedError(
      `${provider} rejected the request signature (${status}: ${message}); ` +
        (clock
          ? "the likely cause is the system clock: set it right (NTP) and retry"
          : `the likely cause is ${
            key || "the secret access key"
          } not matching the access key id (or a wrong system clock); ` +
            `fix: omn keys set ${provider} or set AWS_SECRET_ACCESS_KEY`),
    );
  }
  // A message hidden for a key wrapped in it is read, unshown, for what it says of the key.
  const rejectsKey = REJECTED_KEY.test(message) ||
    (message === SPLIT_SECRET_EXCERPT && REJECTED_KEY.test(error.responseBody ?? ""));
  if (status === 401 || status === 403 || (status === 400 && rejectsKey)) {
    const variable = providerCredentials(provider).fields.find((field) => field.secret)?.envNames
      .at(-1);
    return new AuthRejectedError(
      `${provider} rejected${
        describeKey(credentials) || " the credentials"
      } (${status}: ${message}); ` +
        `fix: omn keys set ${provider}${variable ? ` or set ${variable}` : ""}`,
    );
  }
  if (status === 429) {
    return new RateLimitError(`${provider} rate limited the request (429: ${message})`);
  }
  return errorOfType(classifyStatus(status).type, `${provider} returned ${status}: ${message}`);
}

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
} from "../cli/errors.ts";
import type { ResolvedCredentials } from "../credentials/resolve_credentials.ts";
import { providerCredentials } from "../credentials/provider_credentials.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret } from "../security/redact.ts";

/** The fields of the AI SDK's `APICallError` that matter here. */
interface ApiCallErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  responseBody?: string;
  url?: string;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error &&
    (error.name === "TimeoutError" ||
      (error.cause instanceof Error && error.cause.name === "TimeoutError"));
}

function isApiCallError(error: unknown): error is ApiCallErrorLike {
  return error instanceof Error && error.name === "AI_APICallError";
}

/**
 * How providers that answer a bad key with 400 say so: xAI ("Incorrect API
 * key provided") and Gemini ("API key not valid", reason `API_KEY_INVALID`).
 */
const REJECTED_KEY = /incorrect api key|invalid api key|api key not valid|API_KEY_INVALID/i;

/** The provider's own error message from a response body, when it has one. */
export function providerMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body);
    const candidates = [
      parsed?.error?.message,
      parsed?.message,
      parsed?.Message,
      parsed?.error_description,
      typeof parsed?.error === "string" ? parsed.error : undefined,
      parsed?.detail,
      Array.isArray(parsed) ? parsed[0]?.error?.message : undefined,
    ];
    const found = candidates.find((candidate) =>
      typeof candidate === "string" && candidate.trim() !== ""
    );
    return found?.trim().replace(/\s+/g, " ");
  } catch {
    return body.trim().slice(0, 200).replace(/\s+/g, " ") || undefined;
  }
}

function describeKey(credentials: ResolvedCredentials | undefined): string {
  if (!credentials) return "";
  const spec = providerCredentials(credentials.provider);
  const field = spec.fields.find((candidate) =>
    candidate.secret && credentials.fields[candidate.field]
  );
  const found = field && credentials.fields[field.field];
  if (!found) return "";
  const from = found.variable ? `${found.source} ${found.variable}` : found.source;
  return ` the key ${maskSecret(found.value)} (${fingerprint(found.value)}, from ${from})`;
}

/** Maps a thrown value to the error omn reports. */
export function mapProviderError(
  error: unknown,
  provider: string,
  credentials?: ResolvedCredentials,
): unknown {
  if (error instanceof OmnError || error instanceof Deno.errors.NotCapable) return error;
  if (isTimeout(error)) {
    return new TimedOutError(
      `${provider}: timed out for the whole request; raise it with --timeout`,
      { cause: error },
    );
  }
  if (!isApiCallError(error) || error.statusCode === undefined) {
    if (error instanceof Error && error.cause instanceof OmnError) return error.cause;
    if (error instanceof Error) {
      return new ProviderError(`${provider}: ${error.message}`, { cause: error });
    }
    return error;
  }
  const status = error.statusCode;
  const message = providerMessage(error.responseBody) ?? error.message;
  if (status === 401 || status === 403 || (status === 400 && REJECTED_KEY.test(message))) {
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
  return new ProviderError(`${provider} returned ${status}: ${message}`);
}

/**
 * The response headers of the HTTP answer (200) whose reply stream carried
 * an error, kept beside the error: a wait the provider asked for there
 * (`Retry-After`, the rate-limit reset headers of a used-up limit) is
 * honoured when the error is retried before the first text, as for an HTTP
 * status (`decideNext`).
 *
 * @module
 */

const kept = new WeakMap<object, Headers>();

/** Keeps `headers` beside `error` and returns the error. */
export function withResponseHeaders<E>(
  error: E,
  headers: Headers | Record<string, string | undefined> | undefined,
): E {
  if (headers === undefined || typeof error !== "object" || error === null) return error;
  const copy = new Headers();
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (typeof value === "string") copy.set(name, value);
  }
  kept.set(error, copy);
  return error;
}

/** The response headers kept beside `error`, if any. */
export function responseHeadersOf(error: unknown): Headers | undefined {
  return typeof error === "object" && error !== null ? kept.get(error) : undefined;
}

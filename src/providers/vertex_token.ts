/**
 * The Vertex access token over a long session: fetched when first needed,
 * kept until shortly before it expires (Google's tokens last an hour), then
 * fetched again, and fetched once more when Vertex answers 401 (revoked, or
 * a clock that drifted). A chat or batch that runs past the hour keeps going.
 *
 * @module
 */
import { exchangeAccessToken, type ServiceAccountKey } from "../secrets/google_access_token.ts";

/** Where requests get the current access token. */
export interface AccessTokenSource {
  /** The current token, fetched or refreshed when needed. */
  token(): Promise<string>;
  /** Forgets the token, so that the next `token()` fetches a new one. */
  invalidate(): void;
}

/** Options of {@linkcode createAccessTokenSource}. */
export interface AccessTokenSourceOptions {
  /** The clock, in milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
  /** How long before its expiry a token is replaced; 5 minutes by default. */
  marginMs?: number;
}

/** A token source for a service account, exchanging through `secureFetch`. */
export function createAccessTokenSource(
  account: ServiceAccountKey,
  secureFetch: typeof fetch,
  options: AccessTokenSourceOptions = {},
): AccessTokenSource {
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 5 * 60_000;
  let current: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    token() {
      if (current && now() < current.refreshAt) return Promise.resolve(current.token);
      pending ??= (async () => {
        try {
          // The clock schedules the refresh; the assertion is signed with the real time.
          const issuedAt = now();
          const issued = await exchangeAccessToken(account, secureFetch);
          const lifetimeMs = issued.expiresInSeconds * 1000;
          // A token shorter-lived than twice the margin is kept for half its life.
          const margin = Math.min(marginMs, lifetimeMs / 2);
          current = { token: issued.token, refreshAt: issuedAt + lifetimeMs - margin };
          return issued.token;
        } finally {
          pending = undefined;
        }
      })();
      return pending;
    },
    invalidate() {
      current = undefined;
    },
  };
}

/**
 * A fetch that sets `authorization: Bearer <token>` on every request, and on
 * a 401 fetches a new token and sends the request once more.
 */
export function withAccessToken(source: AccessTokenSource, underlying: typeof fetch): typeof fetch {
  const authorized = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.method === "GET" || request.method === "HEAD"
      ? undefined
      : await request.arrayBuffer();
    const send = async () => {
      const headers = new Headers(request.headers);
      headers.set("authorization", `Bearer ${await source.token()}`);
      return underlying(request.url, {
        method: request.method,
        headers,
        body,
        signal: init?.signal ?? request.signal,
      });
    };
    const response = await send();
    if (response.status !== 401) return response;
    await response.body?.cancel().catch(() => {});
    source.invalidate();
    return send();
  };
  return authorized as typeof fetch;
}

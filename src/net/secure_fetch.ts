/**
 * The one `fetch` every provider gets. It refuses anything but HTTPS (plain
 * HTTP only to loopback), never carries a credential to another origin: a
 * redirect within the origin is followed, one to another origin is refused
 * (exit 3, naming both origins; nothing is sent there), and it sets omn's
 * `User-Agent`. Each request (and each hop of a redirect) is routed by
 * `proxy_routing.ts`: loopback and plain HTTP never through a proxy, HTTPS
 * through a checked one or directly. Retries and timeouts are the layer
 * above's (`retrying_fetch.ts`), which passes its signal down.
 *
 * @module
 */
import { ProviderError, RefusalError } from "../core/errors.ts";
import { VERSION } from "../version.ts";
import { redact } from "../security/redact.ts";
import { isLoopbackHost } from "./is_loopback.ts";
import { maskUrl } from "./mask_url.ts";
import { processProxyRouting, type ProxyRouting } from "./proxy_routing.ts";

/** Headers that carry credentials (a redirect that leaves the origin is refused before any is sent). */
export const CREDENTIAL_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "x-goog-api-key",
  "cookie",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "x-amz-date",
  "x-vault-token",
];

/** Options of {@linkcode createSecureFetch}. */
export interface SecureFetchOptions {
  /** Provider id, for messages. */
  provider: string;
  /** Most redirects followed; default 5. */
  maxRedirects?: number;
  /** The fetch underneath (tests inject one); the global fetch by default. */
  fetch?: typeof fetch;
  /** Where requests go (direct or through a proxy); the process's own by default. */
  proxies?: ProxyRouting;
}

/** `omnimancer/<version> (deno <version>; <os>)`. */
export function userAgent(): string {
  return `omnimancer/${VERSION} (deno ${Deno.version.deno}; ${Deno.build.os})`;
}

/** Refuses a URL that is not HTTPS, unless it is plain HTTP to loopback. */
export function assertSecureUrl(url: URL, provider: string): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  throw new RefusalError(
    `Refusing to connect to ${provider} at "${
      maskUrl(url)
    }": only https:// URLs are allowed (http:// only to localhost, 127.0.0.0/8 and [::1])`,
  );
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Creates the secure fetch for one provider. */
export function createSecureFetch(options: SecureFetchOptions): typeof fetch {
  const underlying = options.fetch ?? globalThis.fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  const secureFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    let url = new URL(request.url);
    assertSecureUrl(url, options.provider);
    const origin = url.origin;
    const headers = new Headers(request.headers);
    headers.set("user-agent", userAgent());
    let method = request.method;
    let body: ArrayBuffer | undefined = method === "GET" || method === "HEAD"
      ? undefined
      : await request.arrayBuffer();

    const signal = init?.signal ?? request.signal;
    for (let redirects = 0;; redirects++) {
      const routing = options.proxies ?? processProxyRouting();
      const client = routing.clientFor(url);
      let response: Response;
      try {
        response = await underlying(url, {
          method,
          headers,
          body,
          signal,
          redirect: "manual",
          ...(client === undefined ? {} : { client }),
        });
      } catch (error) {
        const proxy = client === undefined ? undefined : routing.describe?.(url);
        throw translateFetchError(error, signal, url, options.provider, proxy);
      }
      if (!isRedirect(response.status) || !response.headers.has("location")) return response;
      await response.body?.cancel();
      if (redirects >= maxRedirects) {
        throw new ProviderError(`${options.provider}: too many redirects from "${maskUrl(url)}"`);
      }
      const next = new URL(response.headers.get("location")!, url);
      assertSecureUrl(next, options.provider);
      if (next.origin !== origin) {
        const carried = body && carriesSecret(body)
          ? "the request body carries a credential"
          : "another origin";
        throw new RefusalError(
          `Refusing to follow ${options.provider}'s redirect from ${origin} to ${next.origin}: ${carried}; the credentials were not sent there (if the endpoint moved, set its base URL to the new address)`,
        );
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = "GET";
        body = undefined;
        headers.delete("content-type");
      }
      url = next;
    }
  };
  return secureFetch as typeof fetch;
}

/** Whether a request body holds a secret the redaction module knows or recognises. */
function carriesSecret(body: ArrayBuffer): boolean {
  const text = new TextDecoder().decode(body);
  return redact(text) !== text;
}

function translateFetchError(
  error: unknown,
  signal: AbortSignal,
  url: URL,
  provider: string,
  proxy: string | undefined,
): unknown {
  if (error instanceof Deno.errors.NotCapable) return error;
  if (signal.aborted) return signal.reason ?? error;
  // Through a proxy, the connection that failed may be the proxy's: name it.
  const through = proxy === undefined ? "" : ` through the proxy in ${proxy}`;
  return new ProviderError(
    `Cannot reach ${provider} at "${maskUrl(url)}"${through}: ${failureDetail(error)}`,
    {
      cause: error,
    },
  );
}

/**
 * What went wrong in a failed fetch, without the request's URL: Deno says
 * "fetch failed" and puts "error sending request for url (…): client error
 * (Connect): tcp connect error: Connection refused" in the cause.
 */
function failureDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error
    ? error.cause.message
    : undefined;
  const detail = cause ?? message;
  const tail = detail.lastIndexOf("): ");
  return tail >= 0 ? detail.slice(tail + 3) : detail;
}

/**
 * The base of every provider fake: a real HTTP server on 127.0.0.1 (a free
 * port) that records each request, lets the provider handler answer it, and
 * collects the checks that failed as human-readable violations.
 *
 * Also the pieces every provider fake shares: the scenario names, the default
 * reply, the redirect answer and the reply's split into stream chunks.
 *
 * @example
 * ```ts
 * await using fake = await startFakeServer((request, control) => {
 *   if (request.method !== "GET") control.recordViolation(`Unexpected "${request.method}"`);
 *   return new Response("ok");
 * });
 * const response = await fetch(`${fake.url}/anything`);
 * await response.body?.cancel();
 * ```
 *
 * @module
 */

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The whole body as text ("" when there was none). */
  bodyText: string;
  /** The body parsed as JSON, when it parsed. */
  json?: unknown;
}

/** What a handler may do besides answering. */
export interface FakeServerControl {
  /** The server's origin, "http://127.0.0.1:PORT". */
  readonly url: string;
  /** Aborted by `close()`; streaming bodies stop when it fires. */
  readonly signal: AbortSignal;
  /** Records a failed check (the test asserts the list stays empty). */
  recordViolation(message: string): void;
}

/** A running fake. */
export interface FakeServer extends AsyncDisposable {
  /** "http://127.0.0.1:PORT", without a trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every check that failed, human-readable; tests assert it stays empty. */
  readonly violations: string[];
  /** Stops open streams and shuts the server down; safe to call twice. */
  close(): Promise<void>;
}

/** Answers one recorded request. */
export type FakeRequestHandler = (
  request: RecordedRequest,
  control: FakeServerControl,
) => Response | Promise<Response>;

/**
 * Starts a fake server on 127.0.0.1 with a free port.
 *
 * A handler that throws records a violation and answers 500.
 */
export async function startFakeServer(handler: FakeRequestHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const closing = new AbortController();
  const listening = Promise.withResolvers<Deno.NetAddr>();

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: (address) => listening.resolve(address) },
    async (request) => {
      const recorded = await recordRequest(request);
      requests.push(recorded);
      try {
        return await handler(recorded, control);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        violations.push(
          `Fake handler failed on "${recorded.method} ${recorded.url.pathname}": ${message}`,
        );
        return new Response("fake handler failed", { status: 500 });
      }
    },
  );

  const address = await listening.promise;
  const url = `http://127.0.0.1:${address.port}`;
  const control: FakeServerControl = {
    url,
    signal: closing.signal,
    recordViolation: (message) => violations.push(message),
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing.abort();
      await server.shutdown();
      await server.finished;
    })();
    return closed;
  };

  return { url, requests, violations, close, [Symbol.asyncDispose]: close };
}

async function recordRequest(request: Request): Promise<RecordedRequest> {
  const bodyText = request.body ? await request.text() : "";
  const recorded: RecordedRequest = {
    method: request.method,
    url: new URL(request.url),
    headers: new Headers(request.headers),
    bodyText,
  };
  if (bodyText !== "") {
    try {
      recorded.json = JSON.parse(bodyText);
    } catch {
      // Left undefined: each fake answers a body that is not JSON its own way.
    }
  }
  return recorded;
}

/**
 * How a provider fake behaves, beyond checking the request:
 * - `"ok"`: a normal answer;
 * - `"unauthorized"`: the provider's 401 (whatever the key);
 * - `"bad-request"`: the provider's 400 whose message contains {@linkcode BAD_REQUEST_TEXT};
 * - `"rate-limited"`: the provider's 429 with `retry-after: 1`;
 * - `"slow"`: a normal answer whose stream events come {@linkcode SLOW_EVENT_DELAY_MILLISECONDS} apart;
 * - `{ redirectTo }`: 307 to `redirectTo` + the same path and query.
 */
export type Scenario =
  | "ok"
  | "unauthorized"
  | "bad-request"
  | "rate-limited"
  | "slow"
  | { redirectTo: string };

/** Options every provider fake takes. */
export interface FakeProviderOptions {
  /** The only key the fake accepts. */
  apiKey: string;
  /** The model's answer; {@linkcode DEFAULT_REPLY} when absent. */
  reply?: string;
  /** See {@linkcode Scenario}; `"ok"` when absent. */
  scenario?: Scenario;
}

/** The answer of every fake unless told otherwise: several words, so several chunks. */
export const DEFAULT_REPLY = "Hello from the fake model, streamed in several small pieces.";

/** A text that the `"bad-request"` scenario's error message always contains. */
export const BAD_REQUEST_TEXT = "Invalid value for temperature";

/** The gap between stream events in the `"slow"` scenario. */
export const SLOW_EVENT_DELAY_MILLISECONDS = 300;

/** The gap between stream events otherwise: small, so events arrive apart. */
export const EVENT_DELAY_MILLISECONDS = 1;

/** The gap between stream events for a scenario. */
export function eventDelayFor(scenario: Scenario | undefined): number {
  return scenario === "slow" ? SLOW_EVENT_DELAY_MILLISECONDS : EVENT_DELAY_MILLISECONDS;
}

/** The `location` of the redirect scenario: the target origin (or prefix) plus the same path and query. */
export function redirectLocation(redirectTo: string, url: URL): string {
  return `${redirectTo.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}

/** The redirect scenario's answer: 307, which keeps the method and body. */
export function redirectResponse(redirectTo: string, url: URL): Response {
  return new Response(null, {
    status: 307,
    headers: { location: redirectLocation(redirectTo, url) },
  });
}

/** A JSON answer. */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  if (!merged.has("content-type")) merged.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers: merged });
}

/**
 * Splits a reply into stream chunks at word boundaries, each word keeping the
 * spaces after it; joining the chunks gives the reply back.
 */
export function splitIntoChunks(text: string): string[] {
  const chunks = text.match(/\s*\S+\s*/g) ?? [];
  return chunks.length > 0 ? chunks : [text];
}

/** A rough, deterministic token count (words), at least 1. */
export function countTokens(text: string): number {
  return Math.max(1, (text.match(/\S+/g) ?? []).length);
}

/** A random identifier made of `length` lowercase letters and digits. */
export function randomIdentifier(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON's name for a value's type, as error messages say it: "string", "array", "null"… */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "decimal";
  return typeof value === "object" ? "object" : typeof value;
}

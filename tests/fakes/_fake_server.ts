/**
 * The base of every provider fake: a real HTTP server on 127.0.0.1 (a free
 * port) that records each request, lets the provider handler answer it, and
 * collects the checks that failed as human-readable violations.
 *
 * Also the pieces every provider fake shares: the scenario names, the default
 * reply, the redirect answer and the reply's split into stream chunks.
 *
 * Fakes fail loudly: disposing a fake (`await using fake = …`, which every
 * test does) throws a {@linkcode FakeVerificationError}, and so fails the
 * test that started it, when the fake saw a request it did not expect or a
 * header or body its wire format forbids (a violation), or when a scripted
 * response was never consumed ({@linkcode ResponseScript}). A test that
 * provokes violations on purpose takes them with `takeViolations()` and
 * asserts on what it took; no test has to remember to ask for the others.
 * `close()` only stops the server, for cleanup paths that must not throw.
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
  /** Every request received so far, this one included. */
  readonly requests: readonly RecordedRequest[];
}

/** A running fake. */
export interface FakeServer extends AsyncDisposable {
  /** "http://127.0.0.1:PORT", without a trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every check that failed, human-readable; disposal fails while it is not empty. */
  readonly violations: string[];
  /** Returns the violations so far and forgets them: for tests that provoke them on purpose. */
  takeViolations(): string[];
  /** Adds a check run at disposal: each string it returns fails the test (an unconsumed script…). */
  addDisposalCheck(check: () => string[]): void;
  /** Stops open streams and shuts the server down; safe to call twice; never throws. */
  close(): Promise<void>;
  /** Closes, then throws a {@linkcode FakeVerificationError} listing what went wrong. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Thrown when a fake is disposed after it saw something wrong. */
export class FakeVerificationError extends Error {
  override name = "FakeVerificationError";
}

/**
 * Throws a {@linkcode FakeVerificationError} when `violations` or `unconsumed`
 * (scripted responses never sent) are not empty.
 */
export function verifyFake(
  name: string,
  violations: readonly string[],
  unconsumed: readonly string[] = [],
): void {
  const problems = [
    ...violations.map((violation) => `unexpected request: ${violation}`),
    ...unconsumed.map((item) => `scripted response never consumed: ${item}`),
  ];
  if (problems.length === 0) return;
  throw new FakeVerificationError(
    `The fake ${name} saw ${problems.length} problem(s); fix the client or the test ` +
      `(takeViolations() when they are expected):\n  - ${problems.join("\n  - ")}`,
  );
}

/**
 * Responses given out in order, one per request, that reports at disposal the
 * ones never given out (a test that scripted three retries and saw two).
 */
export class ResponseScript<T> {
  #items: readonly T[];
  #next = 0;
  #describe: (item: T) => string;

  constructor(items: readonly T[], describe: (item: T) => string = (item) => JSON.stringify(item)) {
    this.#items = items;
    this.#describe = describe;
  }

  /** The next scripted item, or undefined once the script is spent. */
  next(): T | undefined {
    return this.#next < this.#items.length ? this.#items[this.#next++] : undefined;
  }

  /** The items never given out, described. */
  unconsumed(): string[] {
    return this.#items.slice(this.#next).map((item, index) =>
      `#${this.#next + index + 1} ${this.#describe(item)}`
    );
  }
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
    requests,
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

  const checks: (() => string[])[] = [];
  return {
    url,
    requests,
    violations,
    takeViolations: () => violations.splice(0),
    addDisposalCheck: (check) => void checks.push(check),
    close,
    [Symbol.asyncDispose]: async () => {
      await close();
      verifyFake(url, violations, checks.flatMap((check) => check()));
    },
  };
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
 * - `{ redirectTo }`: 307 to `redirectTo` + the same path and query;
 * - `{ streamError }`: HTTP 200 and a stream that carries the service's own
 *   error event (see {@linkcode StreamErrorScenario}).
 */
export type Scenario =
  | "ok"
  | "unauthorized"
  | "bad-request"
  | "rate-limited"
  | "slow"
  | { redirectTo: string }
  | StreamErrorScenario;

/**
 * The errors a service sends inside a stream that began with HTTP 200, each
 * fake in its service's own shape:
 * - `"overloaded"`: Anthropic `overloaded_error`, Bedrock
 *   `serviceUnavailableException`, Gemini `UNAVAILABLE`…;
 * - `"rate-limited"`: OpenAI `rate_limit_exceeded`, Bedrock `throttlingException`…;
 * - `"quota"`: OpenAI `insufficient_quota`, Anthropic `billing_error`…;
 * - `"server-error"`: OpenAI `server_error`, Anthropic `api_error`, Bedrock
 *   `internalServerException`…;
 * - `"content-filter"`: the service's content-filter stop (Gemini `SAFETY`,
 *   OpenAI `content_filter`, Anthropic `refusal`, Bedrock `content_filtered`).
 */
export type StreamErrorKind =
  | "overloaded"
  | "rate-limited"
  | "quota"
  | "server-error"
  | "content-filter";

/** A stream that breaks off with the service's error event. */
export interface StreamErrorScenario {
  streamError: StreamErrorKind;
  /** How many text chunks come before the error; 2 when absent (0: before any text). */
  afterChunks?: number;
  /** How many streamed requests fail this way before the fake answers normally; all when absent. */
  times?: number;
  /** For `"content-filter"`: the service's reason (Gemini: `SAFETY`, `RECITATION`, `PROHIBITED_CONTENT`). */
  reason?: string;
}

/** Whether a scenario is the redirect. */
export function isRedirectScenario(
  scenario: Scenario | undefined,
): scenario is { redirectTo: string } {
  return typeof scenario === "object" && "redirectTo" in scenario;
}

/**
 * The stream error this request gets, if any: a stream-error scenario, while
 * fewer than `times` requests to the same path came before this one.
 */
export function streamErrorFor(
  scenario: Scenario | undefined,
  request: RecordedRequest,
  control: FakeServerControl,
): StreamErrorScenario | undefined {
  if (typeof scenario !== "object" || !("streamError" in scenario)) return undefined;
  if (scenario.times === undefined) return scenario;
  const earlier =
    control.requests.filter((other) =>
      other !== request && other.url.pathname === request.url.pathname
    ).length;
  return earlier < scenario.times ? scenario : undefined;
}

/**
 * A normal stream cut for a stream error: every event before the text chunk
 * number `afterChunks` (counting from 0), then the service's error events.
 */
export function cutStream<T>(
  events: readonly T[],
  isText: (event: T) => boolean,
  error: StreamErrorScenario,
  tail: readonly T[],
): T[] {
  const limit = error.afterChunks ?? 2;
  const kept: T[] = [];
  let texts = 0;
  for (const event of events) {
    if (isText(event)) {
      if (texts === limit) break;
      texts += 1;
    }
    kept.push(event);
  }
  return [...kept, ...tail];
}

/** The provider messages the fakes use for each stream error (close to the services' own). */
export const STREAM_ERROR_MESSAGES: Readonly<Record<StreamErrorKind, string>> = {
  overloaded: "Overloaded",
  "rate-limited": "Rate limit reached for requests; please try again in 1s",
  quota:
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
  "server-error": "The server had an error while processing your request. Sorry about that!",
  "content-filter": "The reply was stopped by the content filter",
};

/** Options every provider fake takes. */
export interface FakeProviderOptions {
  /** The only key the fake accepts. */
  apiKey: string;
  /** The model's answer; {@linkcode DEFAULT_REPLY} when absent. */
  reply?: string;
  /** See {@linkcode Scenario}; `"ok"` when absent. */
  scenario?: Scenario;
  /** How a stream goes on the wire (see {@linkcode WireMode}); `OMN_FAKE_WIRE` when absent. */
  wire?: Partial<WireMode>;
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

/**
 * How the streaming fakes put bytes on the wire, beyond the defaults:
 * - `split`: every SSE event and event-stream frame is sent in pieces of
 *   {@linkcode WIRE_PIECE_BYTES} bytes, a millisecond apart, so the client
 *   sees events and frames split across reads;
 * - `crlf`: SSE lines end with CRLF (`\r\n`), as some servers and proxies send.
 *
 * Set per response (the fakes' options) or for a whole run with
 * `OMN_FAKE_WIRE=split,crlf deno task test`.
 */
export interface WireMode {
  split: boolean;
  crlf: boolean;
}

/** The size of each piece in the `split` wire mode: small, and prime, so that pieces fall anywhere. */
export const WIRE_PIECE_BYTES = 7;

/** The wire mode `OMN_FAKE_WIRE` asks for (both off when unset). */
export function wireModeFromEnv(): WireMode {
  let value = "";
  try {
    value = Deno.env.get("OMN_FAKE_WIRE") ?? "";
  } catch {
    // No env permission: the default wire.
  }
  const modes = value.split(/[\s,]+/);
  return { split: modes.includes("split"), crlf: modes.includes("crlf") };
}

/** `bytes` cut into pieces of at most `size` bytes (one piece when `size` is 0). */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  if (size <= 0 || bytes.length <= size) return [bytes];
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    pieces.push(bytes.subarray(start, start + size));
  }
  return pieces;
}

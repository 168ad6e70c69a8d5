/**
 * A fake OpenAI chat completions server that misbehaves on command, for
 * fault injection: each request gets the next fault of a script (429 storms,
 * 5xx bursts, resets before and during the response, stalls, truncated or
 * malformed streams, a proxy's HTML error page, a very large reply, invalid
 * UTF-8), and every request is recorded, so tests can count retries.
 *
 * It speaks HTTP/1.1 itself over TCP, one request per connection
 * (`connection: close`), because the faults that matter most (a connection
 * closed before the response or in the middle of a chunked body) cannot be
 * produced through an HTTP server API.
 *
 * @example
 * ```ts
 * await using fake = await startFaultFake({
 *   apiKey: "sk-test",
 *   script: [serverError(503), serverError(500)],
 * });
 * // omn ask --provider openai --base-url ${fake.baseURL} … → two retries, then the reply
 * ```
 *
 * @module
 */
import {
  countTokens,
  DEFAULT_REPLY,
  type FakeServer,
  isRecord,
  type RecordedRequest,
  ResponseScript,
  splitIntoChunks,
  verifyFake,
} from "./_fake_server.ts";

/** What the fake does with one request. */
export type Fault =
  /**
   * A normal streamed reply, `delayMilliseconds` between events, in word chunks, `chunkSize`
   * pieces, or exactly the given `chunks` (the reply is then their concatenation).
   */
  | {
    kind: "ok";
    reply?: string;
    delayMilliseconds?: number;
    chunkSize?: number;
    chunks?: string[];
  }
  /** A complete non-200 answer (see {@linkcode rateLimited}, {@linkcode serverError}…). */
  | {
    kind: "status";
    status: number;
    body: string;
    contentType?: string;
    headers?: Record<string, string>;
  }
  /** Reads the request and closes the connection without a byte of response. */
  | { kind: "reset-before-response" }
  /** Reads the request and never answers. */
  | { kind: "stall-before-response" }
  /** Sends the 200 and its headers, then nothing. */
  | { kind: "stall-before-body" }
  /** Sends `afterChunks` pieces of the reply, then closes the connection mid-body. */
  | { kind: "reset-mid-stream"; afterChunks: number }
  /**
   * Sends `afterChunks` pieces of the reply (or the events of `chunks`, when
   * given), then nothing (the connection stays open).
   */
  | { kind: "stall-mid-stream"; afterChunks: number; chunks?: string[] }
  /** Sends `afterChunks` pieces, half an event, and ends the body cleanly: no finish, no `[DONE]`. */
  | { kind: "truncated-stream"; afterChunks: number }
  /** Sends `afterChunks` pieces, then an event whose data is not JSON. */
  | { kind: "malformed-json"; afterChunks: number }
  /** A reply whose text holds bytes that are not UTF-8 ({@linkcode INVALID_UTF8_TEXT} once decoded). */
  | { kind: "invalid-utf8" };

/** Options of {@linkcode startFaultFake}. */
export interface FaultFakeOptions {
  /** The only key the fake accepts (as `authorization: Bearer …`). */
  apiKey: string;
  /** The fault of each request in turn; disposal fails when some were never used. */
  script: Fault[];
  /** The fault of every request after the script; `{ kind: "ok" }` when absent. */
  then?: Fault;
}

/** A running fault fake. */
export interface FaultFake extends FakeServer {
  /** The base URL to give omn: `…/v1`. */
  readonly baseURL: string;
  /** Resolves when a response first stalls (everything it will send has been sent). */
  readonly stalled: Promise<void>;
  /** Resolves when the client closes a stalled response's connection (it gave up on it). */
  readonly abandoned: Promise<void>;
}

/** The text of the `invalid-utf8` reply once decoded: each stray byte is a U+FFFD. */
export const INVALID_UTF8_TEXT = "Bytes: caf\uFFFD\uFFFD!";

/** The text the stream carries after `afterChunks` pieces of `reply`. */
export function partialReply(afterChunks: number, reply = DEFAULT_REPLY): string {
  return splitIntoChunks(reply).slice(0, afterChunks).join("");
}

/** A reply of exactly `bytes` bytes (ASCII), in numbered lines. */
export function largeReply(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let line = 1; size < bytes; line++) {
    const text = `line ${
      String(line).padStart(7, "0")
    }: the quick brown fox jumps over the lazy dog\n`;
    lines.push(text);
    size += text.length;
  }
  return lines.join("").slice(0, bytes);
}

/**
 * OpenAI's 429; with `retryAfter`, a `retry-after` header; with `resetRequests`
 * (such as `20s`), the rate-limit headers of an exhausted request limit.
 */
export function rateLimited(
  options: { retryAfter?: string; resetRequests?: string } = {},
): Fault {
  const headers: Record<string, string> = {};
  if (options.resetRequests !== undefined) {
    headers["x-ratelimit-limit-requests"] = "3";
    headers["x-ratelimit-remaining-requests"] = "0";
    headers["x-ratelimit-reset-requests"] = options.resetRequests;
  }
  if (options.retryAfter !== undefined) headers["retry-after"] = options.retryAfter;
  return {
    kind: "status",
    status: 429,
    headers,
    body: JSON.stringify({
      error: {
        message:
          "Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1.",
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      },
    }),
  };
}

/** OpenAI's answer to a server-side failure (500, 502, 503, 504). */
export function serverError(status: number): Fault {
  const message = status === 503
    ? "The engine is currently overloaded, please try again later"
    : "The server had an error while processing your request. Sorry about that!";
  return {
    kind: "status",
    status,
    body: JSON.stringify({ error: { message, type: "server_error", param: null, code: null } }),
  };
}

/** A proxy's HTML error page (nginx's 502 by default). */
export function proxyErrorPage(status = 502): Fault {
  const title = `${status} Bad Gateway`;
  return {
    kind: "status",
    status,
    contentType: "text/html",
    body:
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** An OpenAI API error that is not worth a retry (400, 401, 403, 404, 422…). */
export function apiError(
  status: number,
  message = `The fake refuses this request (${status})`,
): Fault {
  return {
    kind: "status",
    status,
    body: JSON.stringify({
      error: { message, type: "invalid_request_error", param: null, code: null },
    }),
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  529: "Site Overloaded",
};

/** Starts a fault fake on 127.0.0.1 with a free port. */
export function startFaultFake(options: FaultFakeOptions): Promise<FaultFake> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${listener.addr.port}`;
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const closing = new AbortController();
  const connections = new Set<Deno.Conn>();
  const handlers = new Set<Promise<void>>();
  const stalled = Promise.withResolvers<void>();
  const abandoned = Promise.withResolvers<void>();
  const script = new ResponseScript(options.script, (fault) => fault.kind);
  const checks: (() => string[])[] = [() => script.unconsumed()];

  const serveConnection = async (conn: Deno.Conn) => {
    const head = await readRequest(conn).catch(() => undefined);
    if (!head) return;
    const recorded = record(head, url);
    requests.push(recorded);
    const problem = checkRequest(recorded, options.apiKey);
    if (problem) {
      violations.push(problem.violation);
      await writeWhole(conn, problem.status, "application/json", {}, problem.body);
      return;
    }
    const fault = script.next() ?? options.then ?? { kind: "ok" };
    const stall = async () => {
      stalled.resolve();
      await untilClosedOrGone(conn, closing.signal);
      if (!closing.signal.aborted) abandoned.resolve();
    };
    await perform(conn, fault, recorded, stall, closing.signal);
  };

  const accepting = (async () => {
    try {
      for await (const conn of listener) {
        connections.add(conn);
        const handler = serveConnection(conn)
          .catch(() => {}) // the client went away: nothing to answer
          .finally(() => {
            connections.delete(conn);
            closeQuietly(conn);
            handlers.delete(handler);
          });
        handlers.add(handler);
      }
    } catch {
      // The listener was closed.
    }
  })();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing.abort();
      closeQuietly(listener);
      for (const conn of connections) closeQuietly(conn);
      await accepting;
      await Promise.allSettled([...handlers]);
    })();
    return closed;
  };

  return Promise.resolve({
    url,
    baseURL: `${url}/v1`,
    requests,
    violations,
    stalled: stalled.promise,
    abandoned: abandoned.promise,
    takeViolations: () => violations.splice(0),
    addDisposalCheck: (check) => void checks.push(check),
    close,
    [Symbol.asyncDispose]: async () => {
      await close();
      verifyFake(`fault ${url}`, violations, checks.flatMap((check) => check()));
    },
  });
}

// ---------------------------------------------------------------------------
// The faults

async function perform(
  conn: Deno.Conn,
  fault: Fault,
  request: RecordedRequest,
  stall: () => Promise<void>,
  closing: AbortSignal,
): Promise<void> {
  switch (fault.kind) {
    case "status":
      return await writeWhole(
        conn,
        fault.status,
        fault.contentType ?? "application/json",
        fault.headers ?? {},
        fault.body,
      );
    case "reset-before-response":
      return closeQuietly(conn);
    case "stall-before-response":
      return await stall();
    case "stall-before-body":
      await writeStreamHead(conn);
      return await stall();
    case "ok": {
      const reply = fault.chunks?.join("") ?? fault.reply ?? DEFAULT_REPLY;
      const chunks = fault.chunks ??
        (fault.chunkSize
          ? reply.match(new RegExp(`[^]{1,${fault.chunkSize}}`, "g")) ?? [reply]
          : splitIntoChunks(reply));
      const stream = new ChatStream(request);
      await writeStreamHead(conn);
      await writeChunk(conn, stream.opening());
      for (const chunk of chunks) {
        if (fault.delayMilliseconds) await wait(fault.delayMilliseconds, closing);
        if (closing.aborted) return;
        await writeChunk(conn, stream.text(chunk));
      }
      await writeChunk(conn, stream.closing(reply, includeUsage(request)));
      return await writeLastChunk(conn);
    }
    case "invalid-utf8": {
      const stream = new ChatStream(request);
      await writeStreamHead(conn);
      await writeChunk(conn, stream.opening());
      const [before, after] = stream.text("Bytes: caf@BYTES@!").split("@BYTES@");
      const encoder = new TextEncoder();
      await writeChunk(
        conn,
        concat([encoder.encode(before), new Uint8Array([0xff, 0xfe]), encoder.encode(after)]),
      );
      await writeChunk(conn, stream.closing(INVALID_UTF8_TEXT, includeUsage(request)));
      return await writeLastChunk(conn);
    }
    default: {
      const stream = new ChatStream(request);
      await writeStreamHead(conn);
      await writeChunk(conn, stream.opening());
      const pieces = fault.kind === "stall-mid-stream" && fault.chunks
        ? fault.chunks
        : splitIntoChunks(DEFAULT_REPLY).slice(0, fault.afterChunks);
      for (const chunk of pieces) await writeChunk(conn, stream.text(chunk));
      if (fault.kind === "reset-mid-stream") return closeQuietly(conn);
      if (fault.kind === "stall-mid-stream") return await stall();
      if (fault.kind === "truncated-stream") {
        await writeChunk(conn, 'data: {"id":"chatcmpl-fault","object":"chat.completion.ch');
        return await writeLastChunk(conn);
      }
      await writeChunk(conn, 'data: {"id": "chatcmpl-fault", "choices": [oops}\n\n');
      await writeChunk(conn, stream.closing(DEFAULT_REPLY, includeUsage(request)));
      return await writeLastChunk(conn);
    }
  }
}

function includeUsage(request: RecordedRequest): boolean {
  const body = isRecord(request.json) ? request.json : {};
  return isRecord(body.stream_options) && body.stream_options.include_usage === true;
}

/** The events of one chat completions stream, as OpenAI sends them. */
class ChatStream {
  readonly #id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  readonly #created = Math.floor(Date.now() / 1000);
  readonly #model: string;
  readonly #promptTokens: number;

  constructor(request: RecordedRequest) {
    const body = isRecord(request.json) ? request.json : {};
    this.#model = typeof body.model === "string" ? body.model : "";
    const messages = Array.isArray(body.messages) ? body.messages : [];
    this.#promptTokens = countTokens(
      messages.map((message) => isRecord(message) ? String(message.content ?? "") : "").join(" "),
    );
  }

  #event(choices: unknown[], usage: unknown = null): string {
    return `data: ${
      JSON.stringify({
        id: this.#id,
        object: "chat.completion.chunk",
        created: this.#created,
        model: this.#model,
        system_fingerprint: "fp_fault",
        choices,
        usage,
      })
    }\n\n`;
  }

  opening(): string {
    return this.#event([{
      index: 0,
      delta: { role: "assistant", content: "", refusal: null },
      logprobs: null,
      finish_reason: null,
    }]);
  }

  text(content: string): string {
    return this.#event([{ index: 0, delta: { content }, logprobs: null, finish_reason: null }]);
  }

  closing(reply: string, usage: boolean): string {
    const finish = this.#event([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    const completionTokens = countTokens(reply);
    const usageEvent = usage
      ? this.#event([], {
        prompt_tokens: this.#promptTokens,
        completion_tokens: completionTokens,
        total_tokens: this.#promptTokens + completionTokens,
      })
      : "";
    return `${finish}${usageEvent}data: [DONE]\n\n`;
  }
}

// ---------------------------------------------------------------------------
// Checks

function checkRequest(
  request: RecordedRequest,
  apiKey: string,
): { violation: string; status: number; body: string } | undefined {
  const error = (status: number, message: string) => ({
    violation: message,
    status,
    body: JSON.stringify({ error: { message, type: "invalid_request_error" } }),
  });
  if (request.method !== "POST" || request.url.pathname !== "/v1/chat/completions") {
    return error(404, `no such route "${request.method} ${request.url.pathname}"`);
  }
  if (request.headers.get("authorization") !== `Bearer ${apiKey}`) {
    return error(401, "missing or wrong bearer credential");
  }
  const body = request.json;
  if (!isRecord(body) || body.stream !== true || !Array.isArray(body.messages)) {
    return error(400, "expected a streaming chat completions request");
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// HTTP/1.1 by hand

interface RequestHead {
  method: string;
  target: string;
  headers: Headers;
  body: Uint8Array;
}

function record(head: RequestHead, origin: string): RecordedRequest {
  const bodyText = new TextDecoder().decode(head.body);
  const recorded: RecordedRequest = {
    method: head.method,
    url: new URL(head.target, origin),
    headers: head.headers,
    bodyText,
  };
  try {
    recorded.json = JSON.parse(bodyText);
  } catch {
    // Left undefined; the check reports it.
  }
  return recorded;
}

/** Reads one request (head and body, content-length or chunked); undefined when the client sent none. */
async function readRequest(conn: Deno.Conn): Promise<RequestHead | undefined> {
  let buffer: Uint8Array = new Uint8Array(0);
  const more = async (): Promise<boolean> => {
    const chunk = new Uint8Array(65536);
    const count = await conn.read(chunk);
    if (count === null) return false;
    buffer = concat([buffer, chunk.subarray(0, count)]);
    return true;
  };
  let end: number;
  while ((end = indexOf(buffer, "\r\n\r\n")) < 0) {
    if (!(await more())) return undefined;
  }
  const [requestLine, ...fields] = new TextDecoder().decode(buffer.subarray(0, end)).split(
    "\r\n",
  );
  const [method, target] = requestLine.split(" ");
  const headers = new Headers();
  for (const field of fields) {
    const colon = field.indexOf(":");
    headers.append(field.slice(0, colon).trim(), field.slice(colon + 1).trim());
  }
  buffer = buffer.subarray(end + 4);
  if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
    const parts: Uint8Array[] = [];
    for (;;) {
      let lineEnd: number;
      while ((lineEnd = indexOf(buffer, "\r\n")) < 0) if (!(await more())) return undefined;
      const size = parseInt(new TextDecoder().decode(buffer.subarray(0, lineEnd)), 16);
      while (buffer.length < lineEnd + 2 + size + 2) if (!(await more())) return undefined;
      if (size === 0) break;
      parts.push(buffer.slice(lineEnd + 2, lineEnd + 2 + size));
      buffer = buffer.subarray(lineEnd + 2 + size + 2);
    }
    return { method, target, headers, body: concat(parts) };
  }
  const length = Number(headers.get("content-length") ?? 0);
  while (buffer.length < length) if (!(await more())) return undefined;
  return { method, target, headers, body: buffer.slice(0, length) };
}

async function writeWhole(
  conn: Deno.Conn,
  status: number,
  contentType: string,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  const bytes = new TextEncoder().encode(body);
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  await writeAll(
    conn,
    concat([
      new TextEncoder().encode(
        `HTTP/1.1 ${status} ${
          STATUS_TEXT[status] ?? "Status"
        }\r\ncontent-type: ${contentType}\r\n` +
          `content-length: ${bytes.length}\r\n${extra}connection: close\r\n\r\n`,
      ),
      bytes,
    ]),
  );
}

async function writeStreamHead(conn: Deno.Conn): Promise<void> {
  await writeAll(
    conn,
    new TextEncoder().encode(
      "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n" +
        "cache-control: no-cache\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
    ),
  );
}

async function writeChunk(conn: Deno.Conn, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const encoder = new TextEncoder();
  await writeAll(
    conn,
    concat([encoder.encode(`${bytes.length.toString(16)}\r\n`), bytes, encoder.encode("\r\n")]),
  );
}

async function writeLastChunk(conn: Deno.Conn): Promise<void> {
  await writeAll(conn, new TextEncoder().encode("0\r\n\r\n"));
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await conn.write(bytes.subarray(written));
}

/** Waits until the fake closes or the client hangs up (its read ends). */
async function untilClosedOrGone(conn: Deno.Conn, closing: AbortSignal): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (closing.aborted) resolve();
    closing.addEventListener("abort", () => resolve(), { once: true });
  });
  const gone = (async () => {
    const sink = new Uint8Array(1024);
    try {
      while ((await conn.read(sink)) !== null) {
        // Anything more the client sends is ignored.
      }
    } catch {
      // Reset by the client, or closed by the fake.
    }
  })();
  await Promise.race([closed, gone]);
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed.
  }
}

function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener("abort", done, { once: true });
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function indexOf(bytes: Uint8Array, text: string): number {
  const needle = new TextEncoder().encode(text);
  outer: for (let index = 0; index <= bytes.length - needle.length; index++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (bytes[index + offset] !== needle[offset]) continue outer;
    }
    return index;
  }
  return -1;
}

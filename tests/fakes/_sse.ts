/**
 * Server-sent events for the streaming fakes: each event is an optional
 * `event:` line, one `data:` line per line of data and a blank line; a
 * comment is a line starting with `:` (OpenRouter sends some as keep-alives).
 *
 * @example
 * ```ts
 * const response = createSseResponse([
 *   { event: "ping", data: '{"type":"ping"}' },
 *   { data: "[DONE]" },
 * ], { delayMilliseconds: 1 });
 * ```
 *
 * @module
 */

import { splitBytes, WIRE_PIECE_BYTES, type WireMode, wireModeFromEnv } from "./_fake_server.ts";

/** One event on the stream: data with an optional name, or a comment line. */
export type ServerSentEvent =
  | { event?: string; data: string }
  | { comment: string };

/** How the stream is sent. */
export interface SseResponseOptions {
  /** The wait before every event but the first; 0 when absent. */
  delayMilliseconds?: number;
  /** Stops the stream early (the fake server's close signal). */
  signal?: AbortSignal;
  /** Extra response headers. */
  headers?: HeadersInit;
  /** How bytes go on the wire (split events, CRLF); `OMN_FAKE_WIRE` when absent. */
  wire?: Partial<WireMode>;
}

/** Formats one event as it goes on the wire, blank line included; lines end with `eol`. */
export function formatServerSentEvent(event: ServerSentEvent, eol = "\n"): string {
  if ("comment" in event) return `: ${event.comment}${eol}${eol}`;
  const name = event.event === undefined ? "" : `event: ${event.event}${eol}`;
  const data = event.data.split("\n").map((line) => `data: ${line}${eol}`).join("");
  return `${name}${data}${eol}`;
}

/**
 * A 200 response with `content-type: text/event-stream` whose body sends the
 * events one by one, `delayMilliseconds` apart. Cancelling the body, or the
 * signal firing, stops it and clears the pending timer.
 */
export function createSseResponse(
  events: ServerSentEvent[],
  options: SseResponseOptions = {},
): Response {
  const delayMilliseconds = options.delayMilliseconds ?? 0;
  const wire = { ...wireModeFromEnv(), ...options.wire };
  const encoder = new TextEncoder();
  const stopping = new AbortController();
  let next = 0;
  let pending: Uint8Array[] = [];

  const stop = () => stopping.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  const finish = () => options.signal?.removeEventListener("abort", stop);

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending.length > 0) {
        // The split wire: the rest of the event, one piece per read, a millisecond apart.
        await wait(1, stopping.signal);
        controller.enqueue(pending.shift()!);
        if (pending.length === 0 && next >= events.length) {
          finish();
          closeQuietly(controller);
        }
        return;
      }
      if (next > 0 && delayMilliseconds > 0) await wait(delayMilliseconds, stopping.signal);
      if (stopping.signal.aborted || next >= events.length) {
        finish();
        closeQuietly(controller);
        return;
      }
      const bytes = encoder.encode(
        formatServerSentEvent(events[next], wire.crlf ? "\r\n" : "\n"),
      );
      const [first, ...rest] = splitBytes(bytes, wire.split ? WIRE_PIECE_BYTES : 0);
      pending = rest;
      controller.enqueue(first);
      next += 1;
      if (next >= events.length && pending.length === 0) {
        finish();
        controller.close();
      }
    },
    cancel() {
      stop();
      finish();
    },
  });

  const headers = new Headers(options.headers);
  headers.set("content-type", "text/event-stream; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-cache");
  return new Response(body, { status: 200, headers });
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // Already closed or cancelled.
  }
}

/** Waits, or stops waiting as soon as the signal fires; never leaves a timer behind. */
function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** One parsed event: its name (when sent) and its data lines joined by "\n". */
export interface ParsedServerSentEvent {
  event?: string;
  data: string;
}

/**
 * Parses an event stream's text strictly, for the self-tests: every line must
 * be `event:`, `data:`, a `:` comment or blank, and the stream must end with a
 * blank line. Comments are dropped.
 *
 * @throws {SyntaxError} On any other line or an unterminated last event.
 */
export function parseServerSentEvents(text: string): ParsedServerSentEvent[] {
  const events: ParsedServerSentEvent[] = [];
  let name: string | undefined;
  let data: string[] = [];
  let open = false;
  for (const line of text.split("\n")) {
    if (line === "") {
      if (data.length > 0) {
        events.push(
          name === undefined ? { data: data.join("\n") } : { event: name, data: data.join("\n") },
        );
      }
      name = undefined;
      data = [];
      open = false;
    } else if (line.startsWith(":")) {
      open = true;
    } else if (line.startsWith("event: ")) {
      name = line.slice("event: ".length);
      open = true;
    } else if (line.startsWith("data: ")) {
      data.push(line.slice("data: ".length));
      open = true;
    } else {
      throw new SyntaxError(`Cannot parse event stream: unexpected line "${line}"`);
    }
  }
  if (open) {
    throw new SyntaxError("Cannot parse event stream: the last event has no blank line after it");
  }
  return events;
}

/** Reads a whole event-stream response and parses it; fails unless its content type is `text/event-stream`. */
export async function readServerSentEvents(response: Response): Promise<ParsedServerSentEvent[]> {
  const contentType = response.headers.get("content-type") ?? "";
  const text = await response.text();
  if (!contentType.startsWith("text/event-stream")) {
    throw new TypeError(`Cannot read event stream: content type is "${contentType}"`);
  }
  return parseServerSentEvents(text);
}

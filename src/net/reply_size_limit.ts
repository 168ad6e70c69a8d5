/**
 * Bounds on what one reply body may make omn hold in memory, whatever the
 * provider package that reads it: a hostile or broken server cannot grow
 * omn's memory without bound with an endless line, an endless event or a
 * frame that claims gigabytes.
 *
 * The bound follows how the body will be read, never the server's
 * `content-type` (a server could name a looser format than the one the
 * provider's code reads the body as; see {@linkcode replyFormat}):
 * - a reply stream of any provider but Bedrock is read as server-sent
 *   events: one event, from the blank line that ended the one before it, at
 *   most {@linkcode MAX_STREAM_EVENT_BYTES} (the parsers buffer an event
 *   until it ends; a real event is a few words or a usage object);
 * - Bedrock's reply stream is an AWS event stream: one message's declared
 *   length at most {@linkcode MAX_STREAM_EVENT_BYTES} (the decoder buffers a
 *   whole message before it checks it);
 * - any other body (an error answer, a model list, a `GET`) is read whole:
 *   at most {@linkcode MAX_REPLY_BODY_BYTES} in all.
 *
 * @module
 */
import { ProviderError } from "../core/errors.ts";

/** The most bytes one event (or event-stream message) of a reply may hold: 8 MiB. */
export const MAX_STREAM_EVENT_BYTES = 8 * 1024 * 1024;

/** The most bytes a body read whole may hold: 64 MiB. */
export const MAX_REPLY_BODY_BYTES = 64 * 1024 * 1024;

/** How a body will be read: as server-sent events, as AWS event-stream frames, or whole. */
export type ReplyFormat = "sse" | "frames" | "whole";

/** Counts a body's bytes as they arrive; `add` throws once a bound is passed. */
export interface ReplySizeLimit {
  /** Takes the next chunk of the body; throws a one-line `ProviderError` past the bound. */
  add(chunk: Uint8Array): void;
}

/** Lower bounds, for tests. */
export interface ReplySizeBounds {
  eventBytes?: number;
  bodyBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * How the answer to a request will be read: an answer that is not a
 * success, or to anything but a `POST`, whole; a successful `POST` (a reply
 * stream) as Bedrock's frames for Bedrock, as server-sent events otherwise.
 */
export function replyFormat(provider: string, method: string, status: number): ReplyFormat {
  if (status < 200 || status > 299 || method.toUpperCase() !== "POST") return "whole";
  return provider === "bedrock" ? "frames" : "sse";
}

/** The limit for a body from `provider` read as `format`. */
export function replySizeLimit(
  provider: string,
  format: ReplyFormat,
  bounds: ReplySizeBounds = {},
): ReplySizeLimit {
  const eventBytes = bounds.eventBytes ?? MAX_STREAM_EVENT_BYTES;
  if (format === "sse") return sseEventLimit(provider, eventBytes);
  if (format === "frames") return frameLimit(provider, eventBytes);
  return bodyLimit(provider, bounds.bodyBytes ?? MAX_REPLY_BODY_BYTES);
}

function tooLarge(provider: string, what: string, limit: number): ProviderError {
  return new ProviderError(
    `${provider}: Cannot read the reply: ${what} is over ${
      formatBytes(limit)
    }, the limit; the server did not send a normal reply (check the provider's base URL)`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MiB`
    : `${bytes} bytes`;
}

/**
 * SSE: the bytes since the last blank line (an event's end). A line ends
 * with CRLF, LF or CR, and a CRLF cut between two chunks is one line end.
 */
function sseEventLimit(provider: string, limit: number): ReplySizeLimit {
  let eventBytes = 0;
  let lineBytes = 0;
  let afterCR = false;
  return {
    add(chunk) {
      let start = 0;
      // The next CR and LF at or after `start`, each searched again only once passed (a search
      // for both from every line would read a chunk of many LF lines once per line).
      let cr = -2;
      let lf = -2;
      while (start < chunk.length) {
        if (cr !== -1 && cr < start) cr = chunk.indexOf(CR, start);
        if (lf !== -1 && lf < start) lf = chunk.indexOf(LF, start);
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        if (end === -1) {
          lineBytes += chunk.length - start;
          eventBytes += chunk.length - start;
          if (chunk.length > start) afterCR = false;
          break;
        }
        const byte = chunk[end];
        const text = end - start;
        eventBytes += text + 1;
        if (eventBytes > limit) break;
        if (byte === LF && afterCR && text === 0) {
          afterCR = false; // the LF of a CRLF
        } else {
          lineBytes += text;
          if (lineBytes === 0) eventBytes = 0; // a blank line ends the event
          lineBytes = 0;
          afterCR = byte === CR;
        }
        start = end + 1;
      }
      if (eventBytes > limit) throw tooLarge(provider, "one event of its stream", limit);
    },
  };
}

/**
 * AWS event stream: each message starts with its total length (4 bytes, big
 * endian, the length itself included); the bytes of a message are skipped
 * and the next length read, wherever the chunks cut them.
 */
function frameLimit(provider: string, limit: number): ReplySizeLimit {
  let remaining = 0; // bytes of the current message still to come
  let prelude = 0; // bytes of the next length read so far
  let length = 0;
  return {
    add(chunk) {
      let at = 0;
      while (at < chunk.length) {
        if (remaining > 0) {
          const taken = Math.min(remaining, chunk.length - at);
          remaining -= taken;
          at += taken;
          continue;
        }
        length = length * 256 + chunk[at];
        prelude++;
        at++;
        if (prelude < 4) continue;
        if (length > limit) throw tooLarge(provider, "one message of its event stream", limit);
        remaining = Math.max(0, length - 4);
        prelude = 0;
        length = 0;
      }
    },
  };
}

function bodyLimit(provider: string, limit: number): ReplySizeLimit {
  let total = 0;
  return {
    add(chunk) {
      total += chunk.length;
      if (total > limit) throw tooLarge(provider, "its body", limit);
    },
  };
}

/**
 * What omn's chat clients say of a success answer whose body holds no
 * event at all and does not look like an event stream: a JSON error sent
 * with status 200 (some gateways do), a whole non-streamed completion, a
 * captive portal's HTML page. The SDK reports these as a stream that ended
 * early; omn names what the server sent, with its message (redacted, on
 * one line, shortened).
 *
 * @module
 */
import { providerMessage } from "../net/provider_message.ts";

/** The lines an event stream is made of: fields, comments, blank lines. */
const EVENT_STREAM_START = /^(?:data|event|id|retry)(?::|\r|\n|$)|^:|^[\r\n]/;

/**
 * Whether the start of a body (a BOM and leading spaces aside) could be an
 * event stream; an empty body could.
 */
export function looksLikeEventStream(start: string): boolean {
  const text = start.replace(/^\uFEFF/, "").replace(/^[ \t]+/, "");
  return text === "" || EVENT_STREAM_START.test(text);
}

/** The error of a success answer that is not an event stream. */
export class ReplyNotAStreamError extends Error {
  constructor(start: string) {
    super(`Cannot read the reply stream: ${describeBody(start)}, not an event stream`);
    this.name = "ReplyNotAStreamError";
  }
}

function describeBody(start: string): string {
  const text = start.trim();
  const message = providerMessage(text);
  if (/^[{[]/.test(text)) {
    let isJson = true;
    try {
      JSON.parse(text);
    } catch {
      isJson = false;
    }
    if (isJson) {
      return message === undefined
        ? "the server sent JSON with no error message"
        : `the server sent JSON saying "${message}"`;
    }
  }
  if (message?.startsWith("an HTML page")) return `the server sent ${message}`;
  return message === undefined ? "the server sent text" : `the server sent text "${message}"`;
}

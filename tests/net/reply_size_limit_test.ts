import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import {
  MAX_REPLY_BODY_BYTES,
  MAX_STREAM_EVENT_BYTES,
  type ReplyFormat,
  replyFormat,
  replySizeLimit,
} from "../../src/net/reply_size_limit.ts";

const encoder = new TextEncoder();
const LIMIT = 64;

/** Feeds `bytes` cut at `cuts`; returns the error thrown, if any. */
function feed(
  format: ReplyFormat,
  bytes: Uint8Array,
  cuts: number[],
  bounds = { eventBytes: LIMIT, bodyBytes: LIMIT },
): unknown {
  const limit = replySizeLimit("anthropic", format, bounds);
  let from = 0;
  try {
    for (const cut of [...cuts, bytes.length]) {
      limit.add(bytes.subarray(from, cut));
      from = cut;
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every way of cutting `bytes` in two, and one byte at a time. */
function cutsOf(bytes: Uint8Array): number[][] {
  const cuts: number[][] = [[]];
  for (let at = 0; at <= bytes.length; at++) cuts.push([at]);
  cuts.push(Array.from({ length: bytes.length }, (_, at) => at));
  return cuts;
}

/** An SSE event of exactly `size` bytes, its blank line included, with `eol` line ends. */
function event(size: number, eol: string): string {
  const overhead = "data: ".length + 2 * eol.length;
  return `data: ${"x".repeat(size - overhead)}${eol}${eol}`;
}

for (const eol of ["\n", "\r\n", "\r"]) {
  const name = JSON.stringify(eol);

  Deno.test(`SSE with ${name} line ends: events of the limit each pass, wherever the reads cut them`, () => {
    const bytes = encoder.encode(event(LIMIT, eol).repeat(4));
    for (const cuts of cutsOf(bytes)) {
      assert.equal(feed("sse", bytes, cuts), undefined, `cuts ${cuts}`);
    }
  });

  Deno.test(`SSE with ${name} line ends: one event a byte over the limit fails, wherever the reads cut it`, () => {
    const bytes = encoder.encode(event(LIMIT, eol) + event(LIMIT + 1, eol) + event(10, eol));
    for (const cuts of cutsOf(bytes)) {
      const error = feed("sse", bytes, cuts);
      assert.ok(error instanceof ProviderError, `cuts ${cuts}`);
    }
  });

  Deno.test(`SSE with ${name} line ends: many short lines of one event add up`, () => {
    const line = `data: abc${eol}`;
    const bytes = encoder.encode(line.repeat(Math.ceil((LIMIT + 1) / line.length)));
    assert.ok(feed("sse", bytes, []) instanceof ProviderError);
  });
}

Deno.test("SSE: a CR and an LF in two reads are one line end, not a blank line", () => {
  // "data: …\r" | "\n" + more of the same event: no blank line in between, so it is one event.
  const first = encoder.encode(`data: ${"a".repeat(40)}\r`);
  const second = encoder.encode(`\ndata: ${"b".repeat(40)}\r\n`);
  const limit = replySizeLimit("anthropic", "sse", { eventBytes: LIMIT });
  limit.add(first);
  assert.throws(() => limit.add(second), ProviderError);
});

Deno.test("SSE: an endless line without a break fails once past the limit", () => {
  const limit = replySizeLimit("anthropic", "sse", { eventBytes: LIMIT });
  const piece = encoder.encode("data: " + "y".repeat(10));
  let reads = 0;
  assert.throws(() => {
    for (;; reads++) limit.add(piece);
  }, ProviderError);
  assert.equal(reads, Math.floor(LIMIT / piece.length));
});

/** An AWS event-stream message of `length` bytes (its length field first, the rest filler). */
function message(length: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(0xab);
  new DataView(bytes.buffer).setUint32(0, length);
  return bytes;
}

function joined(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

Deno.test("event stream: messages of the limit pass, wherever the reads cut them", () => {
  const bytes = joined(message(LIMIT), message(16), message(LIMIT));
  for (const cuts of cutsOf(bytes)) {
    assert.equal(feed("frames", bytes, cuts), undefined, `${cuts}`);
  }
});

Deno.test("event stream: a message declaring more than the limit fails at its length, wherever cut", () => {
  const bytes = joined(message(16), message(LIMIT + 1));
  for (const cuts of cutsOf(bytes)) {
    const error = feed("frames", bytes, cuts);
    assert.ok(error instanceof ProviderError, `${cuts}`);
  }
  // Only the 4-byte length is needed: a claim of 4 GiB fails before any of it arrives.
  const claim = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
  assert.ok(feed("frames", claim, [1, 2, 3]) instanceof ProviderError);
});

Deno.test("a body read whole: the limit in all passes, a byte more fails", () => {
  const bytes = new Uint8Array(LIMIT);
  for (const cuts of cutsOf(bytes)) assert.equal(feed("whole", bytes, cuts), undefined);
  assert.ok(feed("whole", new Uint8Array(LIMIT + 1), [10]) instanceof ProviderError);
  // Blank lines do not reset it: an error body is read whole whatever it holds.
  const lines = encoder.encode("x\n\n".repeat(LIMIT));
  assert.ok(feed("whole", lines, []) instanceof ProviderError);
});

Deno.test("the format follows the request and the provider, never the server's content-type", () => {
  assert.equal(replyFormat("anthropic", "POST", 200), "sse");
  assert.equal(replyFormat("openai", "post", 201), "sse");
  assert.equal(replyFormat("bedrock", "POST", 200), "frames");
  for (const provider of ["anthropic", "bedrock"]) {
    for (const status of [400, 401, 404, 429, 500, 302, 199]) {
      assert.equal(replyFormat(provider, "POST", status), "whole", `${provider} ${status}`);
    }
    assert.equal(replyFormat(provider, "GET", 200), "whole");
  }
});

Deno.test("the bounds are 8 MiB an event and 64 MiB a body, named in one line with the provider", () => {
  assert.equal(MAX_STREAM_EVENT_BYTES, 8 * 1024 * 1024);
  assert.equal(MAX_REPLY_BODY_BYTES, 64 * 1024 * 1024);
  const limit = replySizeLimit("gemini", "sse");
  const error = (() => {
    try {
      limit.add(new Uint8Array(MAX_STREAM_EVENT_BYTES + 1).fill(0x61));
    } catch (error) {
      return error as Error;
    }
  })();
  assert.ok(error instanceof ProviderError);
  assert.equal(
    error.message,
    "gemini: Cannot read the reply: one event of its stream is over 8 MiB, the limit; " +
      "the server did not send a normal reply (check the provider's base URL)",
  );
  assert.ok(!error.message.includes("\n"));
});

/** A chunk that counts the bytes its `indexOf` searches read. */
class CountingChunk extends Uint8Array {
  read = 0;
  override indexOf(value: number, from = 0): number {
    const found = super.indexOf(value, from);
    this.read += (found === -1 ? this.length : found + 1) - from;
    return found;
  }
}

Deno.test("SSE: each byte of a chunk is searched at most twice (once for CR, once for LF), however many lines", () => {
  for (const eol of ["\n", "\r\n", "\r"]) {
    const text = `data: {"choices":[{"delta":{"content":"hi"}}]}${eol}${eol}`.repeat(500);
    const chunk = new CountingChunk(encoder.encode(text));
    replySizeLimit("openai", "sse").add(chunk);
    assert.ok(chunk.read <= 2 * chunk.length, `${JSON.stringify(eol)}: ${chunk.read} bytes read`);
  }
});

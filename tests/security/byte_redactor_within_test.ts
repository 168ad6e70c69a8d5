/**
 * `ByteRedactor.pushWithin`: chunks that lie one after another in a larger
 * buffer are decoded where they lie, and text released unchanged comes back
 * as a range of that buffer. Whatever the path, the bytes written are those
 * of `redact` of the decoded input.
 */
import assert from "node:assert/strict";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { benign, canaries, corpus, seededRandom } from "./_corpus.ts";
import { fullwidth, INVISIBLES, lookAlike, withInvisible } from "./_disguises.ts";

const encoder = new TextEncoder();
// A BOM in the output is the redactor's to keep or drop: the test's decoder keeps every one.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

interface Outcome {
  readonly text: string;
  /** How many chunks came back as a range of the buffer. */
  readonly ranges: number;
}

/**
 * `bytes` pushed with `pushWithin`, cut at `cuts`, the buffer refilled (as a
 * reader does) every `refill` bytes: what is released, ranges resolved to
 * their bytes when they come back.
 */
function throughWithin(bytes: Uint8Array, cuts: readonly number[], refill: number): Outcome {
  const redactor = new ByteRedactor();
  const buffer = new Uint8Array(refill);
  const parts: Uint8Array[] = [];
  let ranges = 0;
  let readStart = 0;
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    while (start < cut) {
      if (start === readStart + refill || start === 0) {
        // A new read: the buffer is overwritten from its start.
        readStart = start;
        buffer.fill(0x41);
        buffer.set(bytes.subarray(readStart, Math.min(bytes.length, readStart + refill)));
      }
      const end = Math.min(cut, readStart + refill);
      const released = redactor.pushWithin(buffer, start - readStart, end - readStart);
      if (typeof released === "string") parts.push(encoder.encode(released));
      else {
        ranges++;
        parts.push(buffer.slice(released.from, released.to));
      }
      start = end;
    }
  }
  parts.push(encoder.encode(redactor.finish()));
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return { text: decoder.decode(joined), ranges };
}

function randomCuts(length: number, largest: number, random: () => number): number[] {
  const cuts: number[] = [];
  for (
    let at = 1 + Math.floor(random() * largest);
    at < length;
    at += 1 + Math.floor(random() * largest)
  ) {
    cuts.push(at);
  }
  return cuts;
}

Deno.test("chunks within a buffer, cut anywhere and refilled, give redact's text, unchanged ones as ranges", () => {
  clearKnownSecrets();
  const random = seededRandom(41);
  const prefixed = canaries.filter(({ scope }) => scope === "prefix").map(({ text }) => text);
  const lines: string[] = [];
  for (const [index, value] of prefixed.entries()) {
    lines.push(`2026-03-01 INFO commit=${"ab12".repeat(10)} ok\n`);
    lines.push(index % 4 === 0 ? `café ✓ ${value} 😀\n` : `plain ${value}\n`);
    lines.push(`${"quiet ascii line ".repeat(1 + (index % 5))}\n`);
  }
  for (const { text } of benign) lines.push(text);
  const text = lines.join("");
  const bytes = encoder.encode(text);
  const expected = redact(text);
  let ranges = 0;
  for (let round = 0; round < 30; round++) {
    const refill = 64 + Math.floor(random() * 4096);
    const outcome = throughWithin(bytes, randomCuts(bytes.length, 600, random), refill);
    assert.equal(outcome.text, expected, `round ${round}`);
    ranges += outcome.ranges;
  }
  assert.ok(ranges > 100, `unchanged chunks come back as ranges (${ranges})`);
  for (const value of prefixed) assert.ok(!expected.includes(value));
});

Deno.test("the corpus, its disguised forms and a secret held back over a chunk end, through pushWithin, give redact's text", () => {
  clearKnownSecrets();
  const random = seededRandom(43);
  const cases = corpus.filter((_, index) => index % 7 === 0).map(({ text }) => text);
  const key = canaries.find(({ scope }) => scope === "prefix")!.text;
  cases.push(
    `x ${fullwidth(key)} y\n`,
    `x ${withInvisible(key, INVISIBLES[0], [4, 9])} y\n`,
    `x ${lookAlike(key)} ${withInvisible(key, INVISIBLES[10], [6])} y\n`,
    `a\n${"b".repeat(90)} ${key}`,
  );
  for (const text of cases) {
    const bytes = encoder.encode(`${"ascii before ".repeat(8)}\n${text}\n${"after ".repeat(8)}`);
    const expected = redact(decoder.decode(bytes));
    for (let round = 0; round < 4; round++) {
      const outcome = throughWithin(bytes, randomCuts(bytes.length, 40, random), 256 + round);
      assert.equal(outcome.text, expected, JSON.stringify(text));
    }
  }
});

Deno.test("bytes before the chunk that are not the kept text are not taken for it", () => {
  clearKnownSecrets();
  const key = canaries.find(({ scope }) => scope === "prefix")!.text;
  const first = encoder.encode("token is at the end of this first chunk: ");
  const second = encoder.encode(`${key} and more\n`);
  const buffer = new Uint8Array(first.length + second.length);
  buffer.set(first);
  buffer.set(second, first.length);
  const redactor = new ByteRedactor();
  let output = "";
  const take = (released: ReturnType<ByteRedactor["pushWithin"]>) =>
    typeof released === "string"
      ? released
      : decoder.decode(buffer.slice(released.from, released.to));
  output += take(redactor.pushWithin(buffer, 0, first.length));
  // The bytes before the second chunk change (a caller reusing its buffer): the kept text is
  // no longer there, so the redactor must not decode them as if it were.
  buffer.fill(0x7a, 0, first.length);
  output += take(redactor.pushWithin(buffer, first.length, buffer.length));
  output += redactor.finish();
  assert.equal(output, redact(decoder.decode(first) + decoder.decode(second)));
  assert.ok(!output.includes(key));
});

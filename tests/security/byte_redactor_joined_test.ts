/**
 * The ASCII path of `ByteRedactor`: an ASCII chunk after ASCII kept text is
 * decoded together with the kept text's bytes (`IncrementalRedactor.pushJoined`).
 * These tests switch between that path and the text path at every kind of
 * boundary and compare with `redact` of what `TextDecoderStream` gives.
 */
import assert from "node:assert/strict";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { canaries, corpus, seededRandom } from "./_corpus.ts";
import { fullwidth, withInvisible } from "./_disguises.ts";

const encoder = new TextEncoder();

async function decodedAsStream(bytes: Uint8Array): Promise<string> {
  let text = "";
  await ReadableStream.from([bytes]).pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (text += chunk) }),
  );
  return text;
}

function throughRedactor(bytes: Uint8Array, cuts: readonly number[]): string {
  const redactor = new ByteRedactor();
  let output = "";
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    output += redactor.push(bytes.subarray(start, cut));
    start = cut;
  }
  return output + redactor.finish();
}

/** A key recognised by its prefix anywhere, of 20 characters (an AWS access key id). */
function shortKey(): string {
  const key = canaries.find(({ name }) => name === "AWS access key id AKIA")!.text;
  assert.equal(key.length, 20);
  return key;
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

Deno.test("ASCII and non-ASCII chunks in any order, cut anywhere, give redact's text", async () => {
  clearKnownSecrets();
  const prefixed = canaries.filter(({ scope }) => scope === "prefix").map(({ text }) => text);
  // Every canary between ASCII lines and lines with accents, emoji, invisible and fullwidth disguises.
  const lines = prefixed.flatMap((value, index) => [
    `2026-03-01 INFO ${canaries[0].key}=${value} ok\n`,
    index % 3 === 0 ? `café ✓ ${value} 😀\n` : `plain ${value}\n`,
    index % 4 === 0 ? `hidden ${withInvisible(value, "\u200B", [3])}\n` : "",
    index % 5 === 0 ? `wide ${fullwidth(value)}\n` : "",
  ]);
  const text = lines.join("") + corpus.slice(0, 40).map((entry) => entry.text).join("\n");
  const bytes = encoder.encode(text);
  const expected = redact(await decodedAsStream(bytes));
  const random = seededRandom(17);
  // Three random cuttings a size, one for chunks of up to 2 bytes (some 12,000 chunks).
  for (const largest of [2, 9, 64, 700, 5000]) {
    for (let round = 0; round < (largest === 2 ? 1 : 3); round++) {
      const output = throughRedactor(bytes, randomCuts(bytes.length, largest, random));
      assert.equal(output, expected, `chunks up to ${largest}, round ${round}`);
    }
  }
  for (const value of prefixed) assert.ok(!expected.includes(value), value.slice(0, 12));
});

Deno.test("a secret whose prefix is cut between an ASCII and a non-ASCII chunk is masked at every offset", () => {
  clearKnownSecrets();
  for (const { text: value } of canaries.filter(({ scope }) => scope === "prefix").slice(0, 12)) {
    for (const line of [`é ${value} x\n`, `${value} é\n`, `a ${value} b\n`]) {
      const text = "x".repeat(100) + "\n" + line + "ü\n";
      const bytes = encoder.encode(text);
      const expected = redact(text);
      assert.ok(!expected.includes(value));
      for (let cut = 90; cut <= bytes.length; cut++) {
        // The first chunk is ASCII alone; the second holds the rest, accents included.
        const output = throughRedactor(bytes, [50, cut]);
        if (output !== expected) {
          assert.equal(output, expected, `${value.slice(0, 10)} cut at ${cut}`);
        }
      }
    }
  }
});

Deno.test("a byte order mark is dropped at the start only, whichever path the chunks before it took", async () => {
  clearKnownSecrets();
  const bom = [0xef, 0xbb, 0xbf];
  // A short key: the cuts inside a longer one split the same run of ASCII.
  const key = shortKey();
  for (
    const bytes of [
      new Uint8Array([...bom, ...encoder.encode(`a=${key}\n`), ...bom, ...encoder.encode("b\n")]),
      new Uint8Array([...encoder.encode(`a=${key}\n`), ...bom, ...encoder.encode("b\n")]),
      new Uint8Array([...encoder.encode("ab"), ...bom, ...bom]),
    ]
  ) {
    const expected = redact(await decodedAsStream(bytes));
    assert.ok(!expected.includes(key.slice(4)));
    for (let first = 0; first <= bytes.length; first++) {
      for (let second = first; second <= bytes.length; second++) {
        assert.equal(throughRedactor(bytes, [first, second]), expected, `cuts ${first}, ${second}`);
      }
    }
  }
});

Deno.test("a character cut before an ASCII chunk, or left incomplete, decodes as TextDecoderStream does", async () => {
  clearKnownSecrets();
  // A short key: the cuts inside a longer one split the same run of ASCII.
  const key = shortKey();
  const bytes = new Uint8Array([
    ...encoder.encode(`k=${key} `),
    0xc3, // lead byte of é, then ASCII: invalid
    ...encoder.encode(`x ${key}`),
    0xe2,
    0x82, // the start of €, then ASCII
    ...encoder.encode(` ${key}\n`),
    0xf0,
    0x9f, // an incomplete emoji at the end
  ]);
  const expected = redact(await decodedAsStream(bytes));
  assert.ok(!expected.includes(key.slice(4)));
  for (let first = 0; first <= bytes.length; first++) {
    for (let second = first; second <= bytes.length; second++) {
      assert.equal(throughRedactor(bytes, [first, second]), expected, `cuts ${first}, ${second}`);
    }
  }
});

Deno.test("a known secret held back over an ASCII boundary is masked in each of its forms", () => {
  clearKnownSecrets();
  const secret = "kn0wn-Secret-Value-" + "Q".repeat(30);
  registerSecret(secret, "TEST_TOKEN");
  try {
    const base64 = btoa(secret);
    for (const form of [secret, base64, encodeURIComponent(secret + "/é")]) {
      const text = "é\n" + "y".repeat(40) + ` ${form} z\n`;
      const bytes = encoder.encode(text);
      const expected = redact(text);
      assert.ok(!expected.includes(form));
      for (let cut = 3; cut <= bytes.length; cut++) {
        assert.equal(throughRedactor(bytes, [cut]), expected, `${form.slice(0, 10)} cut at ${cut}`);
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("pushJoined refuses a text that does not start with the kept text", () => {
  clearKnownSecrets();
  const redactor = new IncrementalRedactor();
  const first = redactor.push("abc sk-");
  assert.ok(redactor.kept.endsWith("sk-"));
  assert.throws(() => redactor.pushJoined("zzz"), /does not start with the kept text/);
  const rest = redactor.pushJoined(redactor.kept + "x\n") + redactor.finish();
  assert.equal(first + rest, "abc sk-x\n");
});

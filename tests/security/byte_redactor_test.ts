import assert from "node:assert/strict";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { normalizeForMatching } from "../../src/security/normalize_for_matching.ts";
import { benign, corpus, seededRandom } from "./_corpus.ts";
import { EDGE, onePerClass, STRIDE } from "./_corpus_cuts.ts";
import { fullwidth, INVISIBLES, lookAlike, withInvisible } from "./_disguises.ts";
import {
  anthropicKey,
  awsAccessKeyId,
  mistralKey,
  openaiProjectKey,
} from "../credentials/_canaries.ts";

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text` through a `ByteRedactor`, cut at `cuts` (byte offsets). */
function redactBytes(bytes: Uint8Array, cuts: readonly number[]): string {
  const redactor = new ByteRedactor();
  let output = "";
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    output += redactor.push(bytes.subarray(start, cut));
    start = cut;
  }
  return output + redactor.finish();
}

/** Fails with the first byte offset (of `cuts`, or all) where a two-piece cut differs from `redact`. */
function assertEveryCut(text: string, cuts?: readonly number[]): string {
  const expected = redact(text);
  const bytes = encoder.encode(text);
  for (const cut of cuts ?? Array.from({ length: bytes.length + 1 }, (_, offset) => offset)) {
    const output = redactBytes(bytes, [cut]);
    if (output !== expected) {
      assert.equal(output, expected, `cut at byte ${cut} of ${JSON.stringify(text.slice(0, 80))}`);
    }
  }
  return expected;
}

Deno.test("every canary and every context of the corpus, cut at every byte offset, is masked as redact masks it", () => {
  clearKnownSecrets();
  // The corpus is ASCII, and on ASCII bytes ByteRedactor adds to IncrementalRedactor only how
  // the kept text's bytes are decoded with the next chunk: that depends on what is held (a
  // format in a context), not on which of twenty contexts holds a format. So one text of each
  // canary and of each context, at every byte offset, here; each canary in each of its
  // contexts is redact_stream_test.ts's corpus test.
  const redactor = new ByteRedactor(); // one for every cut: `finish` leaves it as new
  for (const entry of onePerClass(corpus)) {
    const expected = redact(entry.text);
    const bytes = encoder.encode(entry.text);
    assert.equal(bytes.length, entry.text.length, "ASCII");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const output = redactor.push(bytes.subarray(0, cut)) + redactor.push(bytes.subarray(cut)) +
        redactor.finish();
      if (output !== expected) {
        assert.equal(output, expected, `${entry.name}: cut at byte ${cut}`);
      }
    }
    for (const hidden of entry.hide) {
      assert.ok(!expected.includes(hidden), `${entry.name} leaks`);
    }
  }
});

Deno.test("benign look-alikes (hashes, UUIDs, git SHAs, integrity strings), cut anywhere, come out intact", () => {
  clearKnownSecrets();
  for (const entry of benign) {
    assert.equal(assertEveryCut(entry.text), entry.text, entry.name);
  }
  const all = benign.map((entry) => entry.text).join("");
  const bytes = encoder.encode(all);
  const random = seededRandom(11);
  for (let round = 0; round < 50; round++) {
    const cuts = [];
    for (
      let cut = Math.floor(random() * 50);
      cut < bytes.length;
      cut += 1 + Math.floor(random() * 300)
    ) {
      cuts.push(cut);
    }
    assert.equal(redactBytes(bytes, cuts), all);
  }
});

/** Pattern keys and a loaded key, disguised every way the normaliser sees through. */
function disguisedTexts(): string[] {
  const keys = [openaiProjectKey("B"), anthropicKey("B"), awsAccessKeyId("B"), mistralKey("B")];
  const texts: string[] = [];
  for (const key of keys) {
    for (const invisible of INVISIBLES) {
      texts.push(`log: ${withInvisible(key, invisible, [1, 6, key.length - 1])} ok\n`);
    }
    texts.push(`log: ${fullwidth(key)} ok\n`, `log: ${lookAlike(key)} ok\n`);
    texts.push(`log: ${withInvisible(fullwidth(key), "\u200B", [5])} ok\n`);
  }
  return texts;
}

/**
 * The byte offsets of `text` within {@linkcode EDGE} bytes of a non-ASCII
 * character or of either end of `key` (as it stands in the text), and every
 * {@linkcode STRIDE}-th one elsewhere: a cut between ASCII characters farther
 * from both splits a run of the key's own alphabet, as in the corpus test.
 */
function cutsAroundDisguises(text: string, keyStart: number, keyEnd: number): number[] {
  const bytes = encoder.encode(text);
  const start = encoder.encode(text.slice(0, keyStart)).length;
  const end = encoder.encode(text.slice(0, keyEnd)).length;
  const near = (cut: number) =>
    Math.abs(cut - start) <= EDGE || Math.abs(cut - end) <= EDGE ||
    bytes.subarray(Math.max(0, cut - EDGE), cut + EDGE).some((byte) => byte >= 0x80);
  return Array.from({ length: bytes.length + 1 }, (_, cut) => cut)
    .filter((cut) => near(cut) || cut % STRIDE === 0);
}

Deno.test("disguised keys cut at every byte around each disguise, inside a multi-byte character too, are masked", () => {
  clearKnownSecrets();
  registerSecret(mistralKey("B"), "MISTRAL_API_KEY");
  try {
    for (const text of disguisedTexts()) {
      const output = assertEveryCut(text, cutsAroundDisguises(text, 5, text.length - 4));
      assert.ok(output.startsWith("log: ") && output.endsWith("*** ok\n"), output);
      assert.ok(!normalizeForMatching(output).text.includes("CANARY"), output);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("a disguised key after long ASCII chunks is still normalised, whichever chunk it starts in", () => {
  clearKnownSecrets();
  const filler = "2026-03-01T00:00:00Z INFO ok sha256=" + "0123456789abcdef".repeat(4) + "\n";
  for (const text of disguisedTexts().slice(0, 14)) {
    const whole = filler.repeat(40) + text + filler.repeat(3);
    const bytes = encoder.encode(whole);
    const expected = redact(whole);
    const start = encoder.encode(filler.repeat(40)).length;
    for (let cut = start - 3; cut < start + 40; cut++) {
      assert.equal(redactBytes(bytes, [1000, cut, cut + 2]), expected, `cut at ${cut}`);
    }
    assert.ok(!expected.includes("CANARY"));
  }
});

Deno.test("stored keys and their encoded forms, cut at every byte, are masked", () => {
  clearKnownSecrets();
  const value = "st0red-Key+/=" + mistralKey("K");
  registerSecret(value, "OPENAI_API_KEY");
  try {
    const forms = [
      value,
      btoa(value),
      btoa(value).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""),
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
      [...value].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .join(""),
      withInvisible(value, "\u2060", [4, 20]),
    ];
    for (const form of forms) {
      const output = assertEveryCut(`a=1 ${form} b=2\n`);
      assert.equal(output, "a=1 *** b=2\n", form);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("characters cut between chunks, a BOM and invalid bytes decode as TextDecoderStream does", async () => {
  clearKnownSecrets();
  const text = "\uFEFFé ✓ 😀 \u{E0041} key=é\n" + "日本語".repeat(3) + "\n";
  const bytes = new Uint8Array([...encoder.encode(text), 0xff, 0x41, 0xe2, 0x82, 0x0a, 0xf0, 0x9f]);
  let expected = "";
  await ReadableStream.from([bytes]).pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (expected += chunk) }),
  );
  const redacted = redact(expected);
  for (let first = 0; first <= bytes.length; first++) {
    for (let second = first; second <= bytes.length; second += 3) {
      const output = redactBytes(bytes, [first, second]);
      assert.equal(output, redacted, `cuts at ${first}, ${second}`);
    }
  }
});

Deno.test("no output ends inside a surrogate pair, so each encodes on its own", () => {
  clearKnownSecrets();
  const text = "😀".repeat(10) + "x".repeat(5) + "sk-😀";
  const bytes = encoder.encode(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const redactor = new ByteRedactor();
    const parts = [redactor.push(bytes.subarray(0, cut)), redactor.push(bytes.subarray(cut))];
    parts.push(redactor.finish());
    for (const part of parts) {
      const last = part.charCodeAt(part.length - 1);
      assert.ok(!(last >= 0xd800 && last <= 0xdbff), `cut at ${cut}`);
    }
    const encoded = parts.map((part) => encoder.encode(part));
    assert.equal(
      new TextDecoder().decode(new Uint8Array(encoded.flatMap((part) => [...part]))),
      text,
    );
  }
});

Deno.test("line counts are kept on a log with PEM blocks cut anywhere", () => {
  clearKnownSecrets();
  const text = corpus.map((entry) => entry.text).join("\n") + "\n";
  const bytes = encoder.encode(text);
  const random = seededRandom(3);
  const lines = text.split("\n").length;
  const expected = redact(text);
  for (let round = 0; round < 20; round++) {
    const cuts = [];
    for (let cut = 0; cut < bytes.length; cut += 1 + Math.floor(random() * 5000)) cuts.push(cut);
    const output = redactBytes(bytes, cuts);
    assert.equal(output, expected);
    assert.equal(output.split("\n").length, lines);
  }
});

Deno.test("chunks after one outside ASCII, cut anywhere, decode as one stream does (a whole decode drops the state)", () => {
  // After a chunk with a character outside ASCII, a chunk that ends with an ASCII byte and has no
  // character cut before it is decoded whole: the text must be the stream's wherever the cuts
  // fall, with characters cut across chunks, invalid bytes and a BOM among them.
  clearKnownSecrets();
  const bytes = new Uint8Array([
    0xef,
    0xbb,
    0xbf, // a BOM
    ...encoder.encode("é\n"),
    0xff, // invalid
    ...encoder.encode("a✓\nb\n😀 key=\n"),
    0xe2,
    0x82, // cut short, then ASCII
    ...encoder.encode("c\nend\n"),
  ]);
  const expected = redact(
    new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).replace(/^\uFEFF/, ""),
  );
  for (let first = 0; first <= bytes.length; first++) {
    for (let second = first; second <= bytes.length; second++) {
      for (let third = second; third <= bytes.length; third += 2) {
        const cuts = [first, second, third];
        assert.equal(redactBytes(bytes, cuts), expected, `cuts at ${cuts}`);
      }
    }
  }
});

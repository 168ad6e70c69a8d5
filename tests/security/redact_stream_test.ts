import assert from "node:assert/strict";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import {
  IncrementalRedactor,
  MAX_PENDING_LENGTH,
  RedactStream,
} from "../../src/security/redact_stream.ts";
import { benign, canaries, corpus, seededRandom } from "./_corpus.ts";
import { corpusCuts, EDGE, onePerClass, STRIDE } from "./_corpus_cuts.ts";

const benignTexts = benign.map((entry) => entry.text);
const texts = [...corpus.map((entry) => entry.text), ...benignTexts];

function redactInChunks(chunks: readonly string[]): string {
  const redactor = new IncrementalRedactor();
  let output = "";
  for (const chunk of chunks) output += redactor.push(chunk);
  return output + redactor.finish();
}

function randomSplit(text: string, random: () => number, largest: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length;) {
    const size = 1 + Math.floor(random() * largest);
    chunks.push(text.slice(start, start + size));
    start += size;
  }
  return chunks;
}

async function redactThroughStream(chunks: readonly string[]): Promise<string> {
  const source = ReadableStream.from(chunks);
  let output = "";
  await source.pipeThrough(new RedactStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        output += chunk;
      },
    }),
  );
  return output;
}

/** Fails with the first offset of `offsets` where a split in two differs from `redact`. */
function assertSplits(text: string, offsets: Iterable<number>): string {
  const expected = redact(text);
  for (const offset of offsets) {
    const output = redactInChunks([text.slice(0, offset), text.slice(offset)]);
    if (output !== expected) {
      assert.equal(output, expected, `split at ${offset} of ${JSON.stringify(text.slice(0, 80))}`);
    }
  }
  return expected;
}

Deno.test("a split at every offset in and around each canary, and anywhere in benign text, gives the same output as redact", () => {
  clearKnownSecrets();
  // The offsets where a split can change the redactor's work, per class (_corpus_cuts.ts).
  const cuts = corpusCuts(corpus);
  corpus.forEach((entry, index) => {
    const output = assertSplits(entry.text, cuts[index]);
    for (const hidden of entry.hide) assert.ok(!output.includes(hidden), `${entry.name} leaks`);
  });
  for (const { name, text } of benign) {
    const everyOffset = Array.from({ length: text.length + 1 }, (_, offset) => offset);
    assert.equal(assertSplits(text, everyOffset), text, name);
  }
});

Deno.test("random multi-chunk splits give the same output as redact", () => {
  clearKnownSecrets();
  const random = seededRandom(7);
  // Chunks of up to 64 characters (each canary is in some twenty texts; two-piece splits are
  // the test above); smaller chunks on the sample below.
  texts.forEach((text) => {
    const chunks = randomSplit(text, random, 64);
    assert.equal(redactInChunks(chunks), redact(text), JSON.stringify(text.slice(0, 80)));
  });
  const whole = texts.join("\n");
  const expected = redact(whole);
  for (const largest of [100, 5000, 70000]) {
    assert.equal(
      redactInChunks(randomSplit(whole, random, largest)),
      expected,
      `chunks up to ${largest}`,
    );
  }
  // Chunks of one to eight characters rescan the held text at each one: every canary and
  // every context once, and the benign texts, instead of each canary in twenty contexts.
  const sample = [...onePerClass(corpus).map((entry) => entry.text), ...benignTexts].join("\n");
  const sampleExpected = redact(sample);
  for (const largest of [1, 3, 8]) {
    assert.equal(
      redactInChunks(randomSplit(sample, random, largest)),
      sampleExpected,
      `chunks up to ${largest}`,
    );
  }
});

Deno.test("known secrets split across chunks are masked as in one piece", () => {
  clearKnownSecrets();
  const secret = "kN0wn-CANARY-value/with+symbols==";
  registerSecret(secret);
  const text = `a ${secret} b ${btoa(secret)} c ${encodeURIComponent(secret)} d`;
  const expected = redact(text);
  assert.equal(expected, "a *** b *** c *** d");
  for (let offset = 0; offset <= text.length; offset++) {
    assert.equal(redactInChunks([text.slice(0, offset), text.slice(offset)]), expected);
  }
  clearKnownSecrets();
});

Deno.test("RedactStream matches redact for random chunkings", async () => {
  clearKnownSecrets();
  const random = seededRandom(11);
  const whole = texts.join("\n");
  const expected = redact(whole);
  for (const largest of [500, 65536]) {
    assert.equal(await redactThroughStream(randomSplit(whole, random, largest)), expected);
  }
  // Small chunks on every canary and every context once (see the test above).
  const sample = [...onePerClass(corpus).map((entry) => entry.text), ...benignTexts].join("\n");
  assert.equal(await redactThroughStream(randomSplit(sample, random, 7)), redact(sample));
  assert.equal(await redactThroughStream([]), "");
});

Deno.test("an unfinished PEM block is held only up to its cap", () => {
  clearKnownSecrets();
  const redactor = new IncrementalRedactor();
  let output = redactor.push("-----BEGIN RSA PRIVATE KEY-----\n");
  assert.equal(output, "");
  let maximum = 0;
  const line = "MIIEowIBAAKCAQEA0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL\n";
  for (let count = 0; count < 600; count++) {
    output += redactor.push(line);
    maximum = Math.max(maximum, redactor.pendingLength);
  }
  assert.ok(maximum <= MAX_PENDING_LENGTH, `held ${maximum}`);
  assert.ok(maximum > 16384, "the block is held while it may still end");
  output += redactor.finish();
  const whole = "-----BEGIN RSA PRIVATE KEY-----\n" + line.repeat(600);
  assert.equal(output, redact(whole));
});

Deno.test("a PEM block masked across chunks keeps its line breaks", () => {
  clearKnownSecrets();
  const body = "MIIEowIBAAKCAQEA0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL\n".repeat(20);
  const text = `one\n-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----\ntwo\n`;
  const redactor = new IncrementalRedactor();
  let output = "";
  for (let at = 0; at < text.length; at += 7) output += redactor.push(text.slice(at, at + 7));
  output += redactor.finish();
  assert.equal(output, redact(text));
  assert.equal(output.split("\n").length, text.split("\n").length);
  assert.ok(!output.includes("MIIEow"));
});

Deno.test("memory stays bounded on 4 MiB of benign text", async () => {
  clearKnownSecrets();
  const lines = benign.map((entry) => entry.text).join("") +
    "2026-03-01T12:00:00.123Z INFO request done task-runner sk-learn token_count=12 Authorization\n";
  const chunk = lines.repeat(Math.ceil(65536 / lines.length)).slice(0, 65536);
  // A chunk that ends inside a word and one that ends in an anchor.
  const chunks = [chunk, chunk.slice(0, 40000) + "sk-", chunk.slice(0, 50000) + "abcdef"];
  const stream = new RedactStream();
  let maximum = 0;
  let written = 0;
  // The bound is per chunk: what is held after a chunk depends on that chunk's end (and what
  // was held before it), never on how much came earlier, so 64 chunks (each kind some twenty
  // times, each after each other kind) show what 50 MB would.
  const total = 4 * 1024 * 1024;
  const source = new ReadableStream<string>({
    pull(controller) {
      if (written >= total) {
        controller.close();
        return;
      }
      const next = chunks[(written / 65536) % chunks.length | 0];
      written += next.length;
      controller.enqueue(next);
    },
  });
  let outputLength = 0;
  await source.pipeThrough(stream).pipeTo(
    new WritableStream({
      write(output) {
        outputLength += output.length;
        maximum = Math.max(maximum, stream.pendingLength);
      },
    }),
  );
  assert.equal(outputLength, written);
  assert.equal(stream.maxPendingLength, MAX_PENDING_LENGTH);
  assert.ok(maximum <= MAX_PENDING_LENGTH, `held ${maximum}`);
  assert.ok(maximum < 2048, `held ${maximum} characters of benign text`);
});

Deno.test("every canary split inside its value is still masked", () => {
  clearKnownSecrets();
  for (const canary of canaries.filter(({ scope }) => scope === "prefix" || scope === "context")) {
    const text = `${canary.key}=${canary.text}\n`;
    const expected = redact(text);
    const start = canary.key.length + 1;
    for (let offset = start; offset <= start + canary.text.length; offset += 3) {
      const output = redactInChunks([text.slice(0, offset), text.slice(offset)]);
      assert.equal(output, expected, `${canary.name} split at ${offset}`);
      assert.ok(!output.includes(canary.text.slice(-12)), canary.name);
    }
  }
});

/** Fragments that start, continue or break matches, for the fuzz test. */
const fragments = [
  ...["sk-", "sk-ant-", "sk-proj-", "sk-or-v1-", "AKIA", "A3T", "AIza", "ABSK", "JQQJ99", "xai-"],
  ...["pplx-", "gsk_", "hf_", "ghp_", "ghs_", "github_pat_", "xoxb-", "xoxe.", "xapp-", "eyJ"],
  ...["hooks.slack.com/services/", "bedrock-api-key-", "&Version=1", ".ey", ".", "-----BEGIN "],
  ...["RSA ", "PRIVATE KEY", "-----", "-----END ", "\\n", "\n", "\r\n", "://", "user", ":"],
  ...["@", "Authorization", "authorization", ": ", "=", " ", "\t", "Bearer ", "x-api-key"],
  ...["API_KEY", "token", "Secret", "aws_secret_access_key", "AWS_SESSION_TOKEN", "CO_API_KEY"],
  ...["MISTRAL_API_KEY", "AZURE_OPENAI_API_KEY", '"', "'", '\\"', ">", ",", "%2B", "%2F", "("],
  ...['"private_key": "', "ABCDEFGHIJKLMNOP", "abcdefghijklmnop0123456789", "0123456789abcdef"],
  ...["QRSTUVWXYZ234567", "+/", "==", "_-", "A", "a", "0", "7"],
];

Deno.test("random texts built from match fragments split anywhere give redact's output", () => {
  clearKnownSecrets();
  registerSecret("kn0wnSecretValue+/=");
  const random = seededRandom(2026);
  const values = canaries.map((canary) => canary.text);
  // 100 texts (a fixed seed), each split at every offset but deep inside a whole canary,
  // where splits are at every STRIDE-th offset (every offset of each canary is the corpus
  // test's): some 17,000 splits.
  let splits = 0;
  for (let round = 0; round < 100; round++) {
    let text = "";
    const inside: [number, number][] = [];
    const count = 3 + Math.floor(random() * 20);
    for (let index = 0; index < count; index++) {
      if (random() < 0.06) {
        const value = values[Math.floor(random() * values.length)];
        inside.push([text.length + EDGE, text.length + value.length - EDGE]);
        text += value;
      } else {
        text += fragments[Math.floor(random() * fragments.length)].repeat(
          1 + Math.floor(random() * 3),
        );
      }
    }
    const expected = redact(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const deep = inside.some(([from, to]) => offset > from && offset < to);
      if (deep && offset % STRIDE !== 0) continue;
      splits++;
      const output = redactInChunks([text.slice(0, offset), text.slice(offset)]);
      if (output !== expected) {
        assert.equal(output, expected, `split at ${offset} of ${JSON.stringify(text)}`);
      }
    }
  }
  assert.ok(splits > 15000, `${splits} splits`);
  clearKnownSecrets();
});

Deno.test("a known secret longer than every pattern raises the bound to its longest form", () => {
  clearKnownSecrets();
  const random = seededRandom(5);
  const long = Array.from(
    { length: 20000 },
    () => "abcdefghij0123456789"[Math.floor(random() * 20)],
  )
    .join("");
  registerSecret(long);
  const redactor = new IncrementalRedactor();
  assert.equal(redactor.maxPendingLength, btoa(long).length, "its longest form, base64");
  let output = redactor.push("start ");
  output += redactor.push(long.slice(0, 19000));
  assert.ok(redactor.pendingLength <= redactor.maxPendingLength);
  assert.equal(redactor.pendingLength, 19000);
  output += redactor.push(long.slice(19000) + " end") + redactor.finish();
  assert.equal(output, "start *** end");
  clearKnownSecrets();
});

import assert from "node:assert/strict";
import { READ_SIZE, redactReader, SLICE_SIZE } from "../../src/security/redact_reader.ts";
import { redact } from "../../src/security/redact.ts";
import { canaries, seededRandom } from "./_corpus.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `text` through `redactReader`, read in full reads, collected. */
async function throughReader(text: string): Promise<string> {
  const bytes = encoder.encode(text);
  let offset = 0;
  const parts: Uint8Array[] = [];
  await redactReader({
    read(buffer) {
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
  }, {
    write(output) {
      parts.push(output.slice());
      return Promise.resolve(output.length);
    },
  });
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return decoder.decode(joined);
}

Deno.test("slices ended at line breaks: secrets on the lines around every slice end, and lines longer than a slice, are masked as redact masks them", async () => {
  const random = seededRandom(29);
  // The canaries recognised by their own shape, anywhere on a line.
  const secrets = canaries.filter((canary) =>
    canary.scope === "prefix" && !canary.text.includes("\n")
  )
    .map((canary) => canary.text);
  assert.ok(secrets.length > 5);
  const lines: string[] = [];
  let length = 0;
  // Lines of random lengths (a few longer than a slice), a secret on about one line in three,
  // at the start, in the middle or at the end, over more than two full reads.
  while (length < 2.5 * READ_SIZE) {
    const size = random() < 0.01
      ? SLICE_SIZE + Math.floor(random() * SLICE_SIZE)
      : Math.floor(random() * 300);
    let line = "x".repeat(size);
    if (random() < 0.33) {
      const secret = secrets[Math.floor(random() * secrets.length)];
      const at = [0, size >> 1, size][Math.floor(random() * 3)];
      line = `${line.slice(0, at)} key=${secret} ${line.slice(at)}`;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const text = lines.join("\n") + "\n";
  const output = await throughReader(text);
  assert.equal(output, redact(text));
  assert.equal(output.split("\n").length, text.split("\n").length);
  for (const secret of secrets) assert.ok(!output.includes(secret), "no secret survives");
});

import assert from "node:assert/strict";
import {
  blockingSink,
  blockingSource,
  READ_SIZE,
  redactReader,
  SLICE_SIZE,
} from "../../src/security/redact_reader.ts";
import { redactStream } from "../../src/security/redact_pipe.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { canaries, corpus, type CorpusCase, seededRandom } from "./_corpus.ts";
import { cutsAroundValue, onePerClass } from "./_corpus_cuts.ts";
import { withInvisible } from "./_disguises.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A source giving `bytes` in reads of the sizes `sizeOf` picks (at most the buffer). */
function sourceOf(bytes: Uint8Array, sizeOf: (buffer: number) => number) {
  let offset = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(sizeOf(buffer.length), buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
  };
}

/** A sink that copies what it is given (the buffer is reused) and writes at most `most` bytes a call. */
function sinkOf(most = Infinity) {
  const parts: Uint8Array[] = [];
  return {
    parts,
    write(bytes: Uint8Array): Promise<number> {
      const count = Math.max(1, Math.min(most, bytes.length));
      parts.push(bytes.slice(0, count));
      return Promise.resolve(count);
    },
    text() {
      const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        whole.set(part, offset);
        offset += part.length;
      }
      return decoder.decode(whole);
    },
  };
}

async function throughReader(
  text: string,
  sizeOf: (buffer: number) => number,
  most?: number,
): Promise<string> {
  const sink = sinkOf(most);
  await redactReader(sourceOf(encoder.encode(text), sizeOf), sink);
  return sink.text();
}

const filler = '2026-03-01T12:00:00.000Z INFO  body={"id":"0123456789abcdef0123456789abcdef",' +
  '"trace":"a1b2c3d4-e5f6-4789-8abc-def012345678","status":"ok"} sha256=' +
  "9f86d081884c7d659a2fea0aa0c5b0c3f6a9a4b2e4f2c9d1e0b7a3c5d6e7f8a9\n";

/** `length` bytes of log text ending in a line break (ASCII: bytes and characters alike). */
function padding(length: number): string {
  return filler.repeat(Math.ceil(length / filler.length)).slice(0, length - 1) + "\n";
}

/** The prefix-format canaries, and one hidden by an invisible character. */
function boundaryValues(): string[] {
  const values = canaries.filter(({ scope }) => scope === "prefix").map((canary) => canary.text);
  return [...values, withInvisible(values[0], "\u200B", [2, 9])];
}

/** What the reader must give for `text`: redact's text, no end of any value, every line kept. */
function assertReaderOutput(output: string, text: string, values: readonly string[]): void {
  assert.equal(output, redact(text));
  for (const value of values) assert.ok(!output.includes(value.slice(-16)), value.slice(0, 12));
  assert.equal(output.split("\n").length, text.split("\n").length);
}

Deno.test("a secret across the boundary of two reads is masked at every offset", async () => {
  clearKnownSecrets();
  // Reads of 256 bytes: each copy of the line starts `before` bytes ahead of a boundary. The
  // reader runs the same code for a read that fills its buffer (the test below) and for a
  // shorter one: each is redacted, its output written, then the next read is made; the
  // redactor sees a push boundary either way. An ASCII line is cut at every byte but inside
  // the runs of letters and digits of its value, cut there every STRIDE-th byte
  // (cutsAroundValue, as the corpus is); the line with an invisible character at every byte.
  const size = 256;
  for (const [index, value] of boundaryValues().entries()) {
    const line = `${canaries[0].key}=${value}\n`;
    const bytesOfLine = encoder.encode(line).length;
    const start = line.indexOf(value);
    const befores = bytesOfLine === line.length
      ? cutsAroundValue(line, start, start + value.length, index).filter((cut) => cut >= 1)
      : Array.from({ length: bytesOfLine }, (_, cut) => cut + 1);
    let text = "";
    for (const before of befores) {
      // `text` ends on a boundary (its bytes are a multiple of `size`); the line starts
      // `before` bytes ahead of the next boundary that leaves room for it.
      const boundary = size * Math.ceil((before + 1) / size);
      const after = size * Math.ceil((boundary - before + bytesOfLine + 1) / size);
      text += padding(boundary - before) + line +
        padding(after - (boundary - before) - bytesOfLine);
    }
    assertReaderOutput(await throughReader(text, () => size), text, [value]);
  }
});

Deno.test("a secret across the boundary of full reads, and of the slices within them, is masked", async () => {
  clearKnownSecrets();
  // Each value crosses the boundary of a 64 KiB slice at another offset; the 16th and the
  // 32nd slice boundaries are those of the first and second full reads. ASCII values only:
  // `redact` of megabytes with one invisible character normalises them all, seconds of work
  // (the reader normalises the slice that holds it); the invisible one is the test above.
  const values = boundaryValues().filter((value) =>
    [...value].every((character) => character.charCodeAt(0) < 0x80)
  );
  let text = "";
  let bytesOfText = 0;
  values.forEach((value, index) => {
    const line = `${canaries[0].key}=${value}\n`;
    const bytesOfLine = encoder.encode(line).length;
    const before = 1 + (index * 37) % bytesOfLine;
    const pad = SLICE_SIZE * (index + 1) - before - bytesOfText;
    text += padding(pad) + line;
    bytesOfText += pad + bytesOfLine;
  });
  text += filler.repeat(3);
  assert.ok(encoder.encode(text).length > 2 * READ_SIZE, "two full reads and a third");
  assertReaderOutput(await throughReader(text, (size) => size), text, values);
});

Deno.test("the corpus through small random reads and partial writes gives redact's bytes", async () => {
  clearKnownSecrets();
  const random = seededRandom(41);
  // Reads of one to seven bytes (each a rescan of the held text) on every canary and every
  // context once, as redact_stream_test.ts cuts chunks of one to three characters; larger
  // reads on the whole corpus.
  const runs: [readonly CorpusCase[], number][] = [
    [onePerClass(corpus), 1],
    [onePerClass(corpus), 7],
    ...[40, 300, 70000].map((largest): [readonly CorpusCase[], number] => [corpus, largest]),
  ];
  for (const [entries, largest] of runs) {
    const text = entries.map((entry) => entry.text).join("\n") + "\n";
    const output = await throughReader(text, () => 1 + Math.floor(random() * largest), 4096);
    assert.equal(output, redact(text), `reads up to ${largest}`);
    for (const entry of entries) {
      for (const hidden of entry.hide) assert.ok(!output.includes(hidden), entry.name);
    }
  }
});

Deno.test("output longer than the write buffer (invalid bytes become 3-byte U+FFFD) is written whole", async () => {
  clearKnownSecrets();
  const line = encoder.encode(` ${canaries[0].key}=${canaries[0].text}\n`);
  const bytes = new Uint8Array(READ_SIZE + line.length);
  bytes.fill(0xff, 0, READ_SIZE);
  bytes.set(line, READ_SIZE);
  const sink = sinkOf();
  await redactReader(sourceOf(bytes, (size) => size), sink);
  const expected = redact(decoder.decode(bytes));
  assert.ok(encoder.encode(expected).length > 2 * READ_SIZE, "more than the output buffer");
  assert.equal(sink.text(), expected);
  assert.ok(!sink.text().includes(canaries[0].text));
});

Deno.test("redactStream gives redact's bytes for random chunkings, to a sink that keeps every chunk", async () => {
  clearKnownSecrets();
  const random = seededRandom(9);
  // Chunks of up to 3 bytes on every canary and every context once, larger on the whole corpus.
  for (
    const [entries, largest] of [[onePerClass(corpus), 3], [corpus, 500], [corpus, 100000]] as const
  ) {
    const text = entries.map((entry) => entry.text).join("\n") + "é😀\u200B\n";
    const bytes = encoder.encode(text);
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length;) {
      const size = 1 + Math.floor(random() * largest);
      chunks.push(bytes.slice(start, start + size));
      start += size;
    }
    // The sink keeps the chunks it is given without copying them: the pipe must not reuse them.
    const kept: Uint8Array[] = [];
    let closed = false;
    await redactStream(
      ReadableStream.from(chunks),
      new WritableStream({
        write: (chunk) => void kept.push(chunk),
        close: () => void (closed = true),
      }),
    );
    const whole = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
    kept.reduce((offset, part) => (whole.set(part, offset), offset + part.length), 0);
    assert.equal(decoder.decode(whole), redact(text), `chunks up to ${largest}`);
    assert.ok(closed, "the output is closed at the end");
  }
});

Deno.test("redactStream reads a chunk larger than its buffer whole, a secret on its edges included", async () => {
  clearKnownSecrets();
  const line = `${canaries[0].key}=${canaries[0].text}\n`;
  const text = line + filler.repeat(Math.ceil((2.5 * READ_SIZE) / filler.length)) + line;
  const sink = sinkOf();
  await redactStream(
    ReadableStream.from([encoder.encode(text)]),
    new WritableStream({ write: (chunk) => void sink.write(chunk) }),
  );
  assert.equal(sink.text(), redact(text));
  assert.ok(!sink.text().includes(canaries[0].text));
});

Deno.test("redactStream ends both streams with an error of the input and throws it", async () => {
  clearKnownSecrets();
  let aborted: unknown;
  const failing = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("some text\n"));
      controller.error(new Error("input failed"));
    },
  });
  await assert.rejects(
    redactStream(failing, new WritableStream({ abort: (reason) => void (aborted = reason) })),
    /input failed/,
  );
  assert.match(String(aborted), /input failed/);
});

Deno.test("blocking source and sink read and write synchronously; the source falls back when the file would block", async () => {
  clearKnownSecrets();
  const text = `token=${canaries[0].text}\nplain line\n`;
  const bytes = encoder.encode(text);
  for (const wouldBlock of [false, true]) {
    const calls: string[] = [];
    let offset = 0;
    const take = (buffer: Uint8Array): number | null => {
      if (offset >= bytes.length) return null;
      const count = Math.min(7, buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return count;
    };
    const written: number[] = [];
    const put = (chunk: Uint8Array): number => {
      written.push(...chunk.subarray(0, 5));
      return Math.min(5, chunk.length);
    };
    const file = {
      readSync(buffer: Uint8Array) {
        calls.push("readSync");
        if (wouldBlock) throw new Deno.errors.WouldBlock("would block");
        return take(buffer);
      },
      read(buffer: Uint8Array) {
        calls.push("read");
        return Promise.resolve(take(buffer));
      },
      writeSync(chunk: Uint8Array) {
        calls.push("writeSync");
        return put(chunk);
      },
    };
    await redactReader(blockingSource(file), blockingSink(file));
    assert.equal(decoder.decode(new Uint8Array(written)), redact(text));
    assert.ok(!decoder.decode(new Uint8Array(written)).includes(canaries[0].text));
    const kinds = new Set(calls);
    if (wouldBlock) {
      // One failed synchronous read, then only asynchronous reads; writes stay synchronous.
      assert.equal(calls.filter((call) => call === "readSync").length, 1);
      assert.deepEqual([...kinds].sort(), ["read", "readSync", "writeSync"]);
    } else {
      assert.deepEqual([...kinds].sort(), ["readSync", "writeSync"]);
    }
  }
});

Deno.test("an error other than would-block from the file is not swallowed", async () => {
  const file = {
    readSync(): number | null {
      throw new Deno.errors.PermissionDenied("no");
    },
    read: () => Promise.resolve(null),
  };
  await assert.rejects(
    () => redactReader(blockingSource(file), { write: (bytes) => Promise.resolve(bytes.length) }),
    Deno.errors.PermissionDenied,
  );
});

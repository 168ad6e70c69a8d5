/**
 * Review of `omn redact`'s blocking reads and writes: on standard input or
 * output in non-blocking mode, Deno's asynchronous calls fail with
 * would-block too (seen on a pipe whose reader is slow: "Resource
 * temporarily unavailable (os error 11)", exit 1, output cut short). The
 * filter waits and tries again, and every byte arrives, redacted.
 */
import assert from "node:assert/strict";
import { anthropicKey } from "../credentials/_canaries.ts";
import { blockingSink, blockingSource, redactReader } from "../../src/security/redact_reader.ts";
import { redact } from "../../src/security/redact.ts";

Deno.test("review: reads and writes that would block, synchronous and asynchronous, are tried again", async () => {
  const secret = anthropicKey("NONBLOCK");
  const text = `start ${secret}\n`.repeat(500);
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const written: Uint8Array[] = [];
  let calls = 0;
  // Every other call, and the synchronous ones after the first, would block.
  const blocks = () => ++calls % 2 === 0;
  const file = {
    readSync(): number | null {
      throw new Deno.errors.WouldBlock("Resource temporarily unavailable (os error 11)");
    },
    read(buffer: Uint8Array): Promise<number | null> {
      if (blocks()) {
        return Promise.reject(new Deno.errors.WouldBlock("Resource temporarily unavailable"));
      }
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(1000, buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
    writeSync(): number {
      throw new Deno.errors.WouldBlock("Resource temporarily unavailable (os error 11)");
    },
    write(chunk: Uint8Array): Promise<number> {
      if (blocks()) {
        return Promise.reject(new Deno.errors.WouldBlock("Resource temporarily unavailable"));
      }
      const count = Math.min(4096, chunk.length);
      written.push(chunk.slice(0, count));
      return Promise.resolve(count);
    },
  };
  await redactReader(blockingSource(file), blockingSink(file));
  const output = new TextDecoder().decode(
    new Uint8Array(written.flatMap((chunk) => [...chunk])),
  );
  assert.equal(output, redact(text));
  assert.ok(!output.includes(secret));
});

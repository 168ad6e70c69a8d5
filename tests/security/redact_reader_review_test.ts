/**
 * Review of `omn redact`'s blocking reads and writes: on standard input or
 * output in non-blocking mode, Deno's asynchronous calls fail with
 * would-block too (seen on a pipe whose reader is slow: "Resource
 * temporarily unavailable (os error 11)", exit 1, output cut short). A read
 * that would block took nothing, so the filter waits and reads again; a write
 * that would block may have been taken in part (Deno does not say), so it is
 * not tried again: the error reaches the command, which stops in one line
 * (tests/e2e/non_blocking_stdout_test.ts).
 */
import assert from "node:assert/strict";
import { anthropicKey } from "../credentials/_canaries.ts";
import { blockingSink, blockingSource, redactReader } from "../../src/security/redact_reader.ts";
import { redact } from "../../src/security/redact.ts";

Deno.test("review: reads that would block, synchronous and asynchronous, are tried again", async () => {
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
    writeSync(chunk: Uint8Array): number {
      const count = Math.min(4096, chunk.length);
      written.push(chunk.slice(0, count));
      return count;
    },
  };
  await redactReader(blockingSource(file), blockingSink(file));
  const output = new TextDecoder().decode(
    new Uint8Array(written.flatMap((chunk) => [...chunk])),
  );
  assert.equal(output, redact(text));
  assert.ok(!output.includes(secret));
});

Deno.test("review: a write that would block is not tried again (part of it may have gone out)", async () => {
  const text = `start ${anthropicKey("NONBLOCK")}\n`.repeat(50);
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const source = blockingSource({
    readSync(buffer: Uint8Array) {
      if (offset >= bytes.length) return null;
      const count = Math.min(buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return count;
    },
    read: () => Promise.reject(new Error("not called")),
  });
  let writes = 0;
  const sink = blockingSink({
    writeSync(): number {
      writes++;
      throw new Deno.errors.WouldBlock("Resource temporarily unavailable (os error 11)");
    },
  });
  await assert.rejects(redactReader(source, sink), Deno.errors.WouldBlock);
  assert.equal(writes, 1);
});

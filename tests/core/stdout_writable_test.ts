import assert from "node:assert/strict";
import {
  NON_BLOCKING_STDOUT,
  nonBlockingStdoutError,
  stdoutWritable,
} from "../../src/core/stdout_writable.ts";
import { ExitCode, OmnError } from "../../src/core/errors.ts";

Deno.test("stdoutWritable writes every byte, however few each write takes", async () => {
  const written: number[] = [];
  const stream = stdoutWritable({
    write(bytes) {
      const count = Math.min(3, bytes.length);
      written.push(...bytes.subarray(0, count));
      return Promise.resolve(count);
    },
  });
  const writer = stream.getWriter();
  await writer.write(new TextEncoder().encode("hello, world\n"));
  await writer.write(new TextEncoder().encode("again\n"));
  await writer.close();
  assert.equal(new TextDecoder().decode(new Uint8Array(written)), "hello, world\nagain\n");
});

Deno.test("a write that would block fails once, in one line, with exit 1 (not tried again)", async () => {
  let writes = 0;
  const stream = stdoutWritable({
    write() {
      writes++;
      return Promise.reject(new Deno.errors.WouldBlock("Resource temporarily unavailable"));
    },
  });
  const writer = stream.getWriter();
  const error = await writer.write(new Uint8Array([1, 2, 3])).then(() => undefined, (e) => e);
  assert.ok(error instanceof OmnError);
  assert.equal(error.message, NON_BLOCKING_STDOUT);
  assert.equal(error.exitCode, ExitCode.Runtime);
  assert.ok(!error.message.includes("\n"));
  assert.match(error.message, /\| cat/);
  assert.equal(writes, 1);
  assert.ok(nonBlockingStdoutError(null) instanceof OmnError);
});

Deno.test("other errors of standard output (a closed pipe) pass through as they are", async () => {
  const stream = stdoutWritable({
    write: () => Promise.reject(new Deno.errors.BrokenPipe("Broken pipe (os error 32)")),
  });
  await assert.rejects(stream.getWriter().write(new Uint8Array([1])), Deno.errors.BrokenPipe);
});

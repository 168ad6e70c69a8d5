import assert from "node:assert/strict";
import { loadReplyExtraction, ReplyOutput } from "../../src/ask/reply_output.ts";
import type { Io } from "../../src/core/io.ts";

/** An io that keeps what is written. */
function memoryIo(): Io & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    async write(text: string) {
      await Promise.resolve();
      written.push(text);
    },
    message() {},
  } as unknown as Io & { written: string[] };
}

Deno.test("ReplyOutput takes -x's extraction exactly when the options ask for one", async () => {
  const io = memoryIo();
  const extraction = await loadReplyExtraction("first");
  assert.throws(() => new ReplyOutput({ output: "text", stream: true }, io, extraction), TypeError);
  assert.throws(
    () => new ReplyOutput({ output: "text", stream: true, extract: "first" }, io),
    TypeError,
  );
  const output = new ReplyOutput(
    { output: "text", stream: false, extract: "first" },
    io,
    extraction,
  );
  await output.push("Run:\n```sh\necho hi\n```\nthen more\n");
  await output.complete("stop");
  assert.equal(output.extracted, "echo hi\n");
});

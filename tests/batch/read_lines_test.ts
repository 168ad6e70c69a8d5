import assert from "node:assert/strict";
import { readLines } from "../../src/batch/read_lines.ts";

async function lines(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const stream = ReadableStream.from(chunks.map((chunk) => encoder.encode(chunk)));
  return await Array.fromAsync(readLines(stream));
}

Deno.test("readLines: LF and CRLF, a last line without a break, lines split across chunks", async () => {
  assert.deepEqual(await lines(["a\r\nb", "c\n\nd"]), ["a", "bc", "", "d"]);
  assert.deepEqual(await lines(["x\n"]), ["x"]);
  assert.deepEqual(await lines([]), []);
});

Deno.test("readLines: a multi-byte character split between chunks", async () => {
  const bytes = new TextEncoder().encode("é\n");
  const stream = ReadableStream.from([bytes.slice(0, 1), bytes.slice(1)]);
  assert.deepEqual(await Array.fromAsync(readLines(stream)), ["é"]);
});

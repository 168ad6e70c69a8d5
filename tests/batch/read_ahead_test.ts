import assert from "node:assert/strict";
import { readAhead } from "../../src/batch/read_ahead.ts";

async function* source(lines: string[], log: string[]): AsyncGenerator<string> {
  for (const line of lines) {
    log.push(`read ${line}`);
    yield line;
  }
}

Deno.test("readAhead knows the total of non-blank lines once the source has ended", async () => {
  const log: string[] = [];
  const ahead = readAhead(source(["a", "", "b", "  ", "c"], log));
  const seen: (number | undefined)[] = [];
  const lines: string[] = [];
  for await (const line of ahead.lines) {
    lines.push(line);
    await new Promise((resolve) => setTimeout(resolve, 0));
    seen.push(ahead.nonBlankTotal());
  }
  assert.deepEqual(lines, ["a", "", "b", "  ", "c"]);
  assert.equal(seen[0], 3, "known after the first line, the rest having been read ahead");
});

Deno.test("readAhead holds at most maxLines ahead of the consumer", async () => {
  const log: string[] = [];
  const ahead = readAhead(source(["1", "2", "3", "4", "5", "6"], log), { maxLines: 2 });
  const iterator = ahead.lines[Symbol.asyncIterator]();
  assert.equal((await iterator.next()).value, "1");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(log.length <= 4, log.join(","));
  assert.equal(ahead.nonBlankTotal(), undefined);
  const rest: string[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    rest.push(next.value);
  }
  assert.deepEqual(rest, ["2", "3", "4", "5", "6"]);
  assert.equal(ahead.nonBlankTotal(), 6);
});

Deno.test("readAhead passes a source error on at its place, and the total stays unknown", async () => {
  async function* failing(): AsyncGenerator<string> {
    yield "a";
    throw new Error("broken input");
  }
  const ahead = readAhead(failing());
  const lines: string[] = [];
  await assert.rejects(async () => {
    for await (const line of ahead.lines) lines.push(line);
  }, /broken input/);
  assert.deepEqual(lines, ["a"]);
  assert.equal(ahead.nonBlankTotal(), undefined);
});

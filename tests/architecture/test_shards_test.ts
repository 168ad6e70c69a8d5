/**
 * The suite runs as shards (tests/_support/test_shard.ts): every test file
 * but the serial ones is in exactly one shard, and the shards are numbered
 * 1 to N, so that no file is left out of `deno task test` or run twice.
 */
import assert from "node:assert/strict";
import { filesOfShard, shardCount, shardedTestFiles } from "../_support/test_shard.ts";

Deno.test("every test file but the serial ones is in exactly one shard", async () => {
  const files = await shardedTestFiles();
  const count = await shardCount();
  assert.ok(count >= 2, "the shards were found");
  assert.ok(files.includes("architecture/test_shards_test.ts"), "this file is in a shard");
  assert.ok(!files.some((file) => file.endsWith("_serial_test.ts")), "no serial file");
  assert.ok(!files.some((file) => file.startsWith("shards/")), "no shard imports itself");
  const seen = Array.from({ length: count }, (_, index) => filesOfShard(files, index + 1, count))
    .flat();
  assert.deepEqual([...seen].sort(), files);
  for (let index = 1; index <= count; index++) {
    await Deno.stat(new URL(`../shards/shard_${index}_test.ts`, import.meta.url));
  }
});

Deno.test("the shards together hold every *_test.ts under tests/ that is not serial", async () => {
  const all: string[] = [];
  for await (const entry of Deno.readDir(new URL("../", import.meta.url))) {
    if (!entry.isDirectory || entry.name === "shards") continue;
    const walk = async (directory: URL, prefix: string): Promise<void> => {
      for await (const child of Deno.readDir(directory)) {
        if (child.isDirectory) {
          await walk(new URL(`${child.name}/`, directory), `${prefix}${child.name}/`);
        } else if (/(?<!_serial)_test\.ts$/.test(child.name)) all.push(`${prefix}${child.name}`);
      }
    };
    await walk(new URL(`../${entry.name}/`, import.meta.url), `${entry.name}/`);
  }
  assert.deepEqual(await shardedTestFiles(), all.sort());
});

/**
 * The suite runs as a few shards (`tests/shards/shard_N_test.ts`), each of
 * which imports its share of the test files, instead of one isolate per test
 * file: every isolate loads and compiles the module graph again (0.3–0.8 s a
 * file, about 75 s of a run of 325 files). `deno test --parallel` runs the
 * shards four at a time (`DENO_JOBS=4` in the test task).
 *
 * A shard holds every `count`-th file of the sorted list, so neighbours (the
 * files of one folder, of similar cost) spread over all shards. Files that
 * change the process environment (`*_serial_test.ts`) are in no shard: the
 * test task runs them alone afterwards. One file still runs on its own, as
 * before: `deno test … tests/ask/run_ask_test.ts`.
 *
 * @module
 */

const TESTS = new URL("../", import.meta.url);
const SHARDS = new URL("../shards/", import.meta.url);
const SHARD_NAME = /^shard_(\d+)_test\.ts$/;

/** Every test file under tests/ that runs in a shard, as paths relative to tests/, sorted. */
export async function shardedTestFiles(): Promise<string[]> {
  const files: string[] = [];
  async function walk(directory: URL, prefix: string): Promise<void> {
    for await (const entry of Deno.readDir(directory)) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) {
        if (path !== "shards") await walk(new URL(`${entry.name}/`, directory), `${path}/`);
      } else if (path.endsWith("_test.ts") && !path.endsWith("_serial_test.ts")) {
        files.push(path);
      }
    }
  }
  await walk(TESTS, "");
  return files.sort();
}

/** The number of shard files in tests/shards/. */
export async function shardCount(): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(SHARDS)) if (SHARD_NAME.test(entry.name)) count++;
  return count;
}

/** The files of shard `index` (1-based) of `count`: every `count`-th file. */
export function filesOfShard(files: readonly string[], index: number, count: number): string[] {
  return files.filter((_, position) => position % count === index - 1);
}

/** Imports the test files of the shard whose module URL is `shardUrl`. */
export async function importShard(shardUrl: string): Promise<void> {
  const name = new URL(shardUrl).pathname.split("/").pop() ?? "";
  const match = SHARD_NAME.exec(name);
  if (!match) throw new Error(`Cannot run "${name}" as a shard: name it shard_N_test.ts`);
  const count = await shardCount();
  const index = Number(match[1]);
  if (index < 1 || index > count) {
    throw new Error(`Cannot run shard ${index} of ${count}: number the shards 1 to ${count}`);
  }
  for (const file of filesOfShard(await shardedTestFiles(), index, count)) {
    await import(new URL(file, TESTS).href);
  }
}

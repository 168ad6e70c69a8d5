import assert from "node:assert/strict";
import { readJsonLines } from "../../src/config/read_json_lines.ts";

Deno.test("readJsonLines keeps what parses, counts what does not, and reads a missing file as empty", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${root}/a.jsonl`, '{"n":1}\n\nnot json\n{"n":2}');
    const parse = (line: string) => {
      try {
        return JSON.parse(line) as { n: number };
      } catch {
        return undefined;
      }
    };
    const read = await readJsonLines(`${root}/a.jsonl`, parse);
    assert.deepEqual(read, { records: [{ n: 1 }, { n: 2 }], skipped: 1, exists: true });
    assert.deepEqual(await readJsonLines(`${root}/none.jsonl`, parse), {
      records: [],
      skipped: 0,
      exists: false,
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { createMockModel } from "../../src/providers/mock.ts";
import { recordingModelUsage } from "../../src/usage/record_model_usage.ts";

Deno.test("a recording model leaves one ledger record per stream, finished or failed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const id of ["mock-1", "mock-error"]) {
      const model = recordingModelUsage(createMockModel(id), { dir, key: "none", host: null });
      try {
        for await (const _ of model.stream({ messages: [{ role: "user", content: "hi" }] })) {
          // drain
        }
      } catch {
        // mock-error fails on purpose
      }
    }
    const records = (await Deno.readTextFile(`${dir}/usage.jsonl`)).trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(records.map((record) => [record.model, record.outcome]), [["mock-1", "ok"], [
      "mock-error",
      "ProviderError",
    ]]);
    assert.ok(records[0].output_tokens > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

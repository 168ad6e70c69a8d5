import assert from "node:assert/strict";
import { createMockModel } from "../../src/providers/mock.ts";
import { recordingModelUsage } from "../../src/usage/record_model_usage.ts";
import { InterruptedError } from "../../src/core/errors.ts";
import { jsonLinesFile } from "../_support/json_lines_file.ts";

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

Deno.test("a stream that fails as its request's signal aborts is recorded as interrupted, not with its error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const reason of [undefined, new InterruptedError("interrupted")]) {
      const controller = new AbortController();
      const model = recordingModelUsage({
        provider: "mock",
        modelId: "mock-1",
        async *stream(request) {
          yield { type: "text-delta", text: "Partial " };
          controller.abort(reason);
          request.signal?.throwIfAborted(); // a DOMException without a reason
        },
      }, { dir, key: "none", host: null });
      await assert.rejects(async () => {
        for await (const _ of model.stream({ messages: [], signal: controller.signal })) {
          // drain
        }
      });
    }
    // Without an abort, the stream's own error.
    const failing = recordingModelUsage(createMockModel("mock-error"), {
      dir,
      key: "none",
      host: null,
    });
    await assert.rejects(async () => {
      for await (const _ of failing.stream({ messages: [{ role: "user", content: "hi" }] })) {
        // drain
      }
    });
    const records = (await jsonLinesFile(`${dir}/usage.jsonl`)).map((line) => line.outcome);
    assert.deepEqual(records, ["InterruptedError", "InterruptedError", "ProviderError"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

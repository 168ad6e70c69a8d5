/**
 * A request the permission set refuses (a host outside the allowlist) is
 * reported in the JSON result with the same one-line explanation stderr
 * gives, not Deno's raw "Requires net access … --allow-net" message.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { explainPermissionError } from "../../src/core/permission_error.ts";
import type { LanguageModel } from "../../src/providers/language_model.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const RAW = 'Requires net access to "127.0.0.2:443", run again with the --allow-net flag';

const refusedModel: LanguageModel = {
  provider: "fake",
  modelId: "fake-1",
  // deno-lint-ignore require-yield
  async *stream() {
    throw new Deno.errors.NotCapable(RAW);
  },
};

for (const output of ["json", "stream-json"] as AskOptions["output"][]) {
  Deno.test(`-o ${output}: a refused host is the friendly one-line message in the result's error`, async () => {
    const context = memoryContext();
    await assert.rejects(
      runAsk({ words: ["hi"], output, stream: true, onSecret: "redact" }, {
        io: context.io,
        model: refusedModel,
        now: () => 0,
        sessionId: "s",
      }),
      Deno.errors.NotCapable,
    );
    await context.io.close();
    const result = JSON.parse(context.stdout().trim().split("\n").at(-1)!);
    const friendly = explainPermissionError(new Deno.errors.NotCapable(RAW))!.message;
    assert.equal(result.error, friendly);
    assert.ok(!result.error.includes("--allow-net"), result.error);
    assert.ok(!result.error.includes("\n"));
    assert.equal(result.error_type, "permission_denied");
    assert.equal(result.is_error, true);
  });
}

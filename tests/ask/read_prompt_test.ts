import assert from "node:assert/strict";
import { assemblePrompt } from "../../src/ask/read_prompt.ts";
import { UsageError } from "../../src/cli/errors.ts";

Deno.test("stdin comes first, then the instruction", () => {
  assert.equal(assemblePrompt("the diff\n", ["review", "this"]), "the diff\n\nreview this");
  assert.equal(assemblePrompt("", ["just", "this"]), "just this");
  assert.equal(assemblePrompt("only stdin\n\n", []), "only stdin");
  assert.throws(() => assemblePrompt("  \n", []), UsageError);
});

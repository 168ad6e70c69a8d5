import assert from "node:assert/strict";
import { assemblePrompt, wantsStdin } from "../../src/ask/read_prompt.ts";
import { UsageError } from "../../src/core/errors.ts";

Deno.test("stdin comes first, then the instruction", () => {
  assert.equal(assemblePrompt("the diff\n", ["review", "this"]), "the diff\n\nreview this");
  assert.equal(assemblePrompt("", ["just", "this"]), "just this");
  assert.equal(assemblePrompt("only stdin\n\n", []), "only stdin");
  assert.throws(() => assemblePrompt("  \n", []), UsageError);
});

Deno.test('"-" stands for standard input and is never prompt text', () => {
  assert.equal(assemblePrompt("from stdin\n", ["-"]), "from stdin");
  assert.equal(assemblePrompt("the diff\n", ["-", "review"]), "the diff\n\nreview");
  assert.throws(() => assemblePrompt("", ["-"]), UsageError);
  assert.ok(wantsStdin(["-"]));
  assert.ok(!wantsStdin(["a-b"]));
});

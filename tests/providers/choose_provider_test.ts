import assert from "node:assert/strict";
import { chooseProvider } from "../../src/providers/choose_provider.ts";
import { RefusalError, UsageError } from "../../src/core/errors.ts";

Deno.test("chooseProvider: the first name given, as its canonical id", () => {
  assert.equal(chooseProvider([undefined, "Claude", "openai"], { version: 1 }), "anthropic");
  assert.equal(chooseProvider(["mock"], { version: 1, default_provider: "openai" }), "mock");
});

Deno.test("chooseProvider: none given is a refusal naming the fix; an unknown name a usage error", () => {
  assert.throws(
    () => chooseProvider([undefined, undefined], { version: 1 }),
    (error) =>
      error instanceof RefusalError &&
      error.message ===
        'No provider chosen: pass --provider NAME, or set a default with "omn config set default_provider NAME" (try --provider mock)',
  );
  assert.throws(
    () => chooseProvider([], { version: 1 }, 'set "provider" in the item'),
    (error) =>
      error instanceof RefusalError &&
      error.message === 'No provider chosen: set "provider" in the item',
  );
  assert.throws(() => chooseProvider(["nope"], { version: 1 }), UsageError);
});

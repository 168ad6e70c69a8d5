import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { trySourcesFor, unreadableRefusal } from "../../src/credentials/try_sources_for.ts";
import type { SourcesFor } from "../../src/credentials/load_credential_sources.ts";

Deno.test("trySourcesFor: the sources, or the refusal they ended with; other errors are thrown", () => {
  const sources = { env: {}, dotenv: {}, config: {} } as unknown as ReturnType<SourcesFor>;
  const refusal = new RefusalError("Cannot decrypt the stored openai/api_key: wrong passphrase");
  const sourcesFor = ((provider: string) => {
    if (provider === "openai") throw refusal;
    if (provider === "broken") throw new TypeError("a bug");
    return sources;
  }) as SourcesFor;
  assert.deepEqual(trySourcesFor(sourcesFor, "anthropic"), { sources });
  assert.deepEqual(trySourcesFor(sourcesFor, "openai"), { error: refusal });
  assert.throws(() => trySourcesFor(sourcesFor, "broken"), TypeError);
});

Deno.test("unreadableRefusal: the first reason, and how many more (exit 3)", () => {
  const one = unreadableRefusal(["first reason"]);
  assert.ok(one instanceof RefusalError);
  assert.equal(one.message, "first reason");
  assert.equal(unreadableRefusal(["a", "b"]).message, "a (and 1 more unreadable key)");
  assert.equal(unreadableRefusal(["a", "b", "c"]).message, "a (and 2 more unreadable keys)");
});

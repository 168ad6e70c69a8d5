import assert from "node:assert/strict";
import { mapProviderError } from "../../src/providers/map_provider_error.ts";
import { InterruptedError, ProviderError, TimedOutError } from "../../src/cli/errors.ts";

Deno.test("an omn error the SDK wrapped (a timeout, an interruption) comes out as it went in", () => {
  const timeout = new TimedOutError("openai: timed out while streaming");
  const wrapped = Object.assign(
    new Error("Failed to process successful response", { cause: timeout }),
    { name: "AI_APICallError", statusCode: 200 },
  );
  assert.equal(mapProviderError(wrapped, "openai"), timeout);
  const interrupted = new InterruptedError("interrupted");
  const deeper = new Error("outer", { cause: new Error("inner", { cause: interrupted }) });
  assert.equal(mapProviderError(deeper, "openai"), interrupted);
});

Deno.test("an event that is not JSON, and any other message, is one line", () => {
  const parse = Object.assign(new Error("JSON parsing failed: Text: {oops}.\nError message: x"), {
    name: "AI_JSONParseError",
  });
  const mapped = mapProviderError(parse, "openai");
  assert.ok(mapped instanceof ProviderError);
  assert.equal(mapped.message, "openai: the reply stream carried an event that is not JSON");
  const other = mapProviderError(new Error("first\n  second"), "openai") as Error;
  assert.equal(other.message, "openai: first second");
});

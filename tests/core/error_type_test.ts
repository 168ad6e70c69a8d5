import assert from "node:assert/strict";
import { ERROR_TYPES, errorTypeOf, withErrorType } from "../../src/core/error_type.ts";
import {
  AuthRejectedError,
  InterruptedError,
  ProviderError,
  RateLimitError,
  RefusalError,
  TimedOutError,
  UsageError,
} from "../../src/core/errors.ts";

Deno.test("errorTypeOf: an error's own kind wins, also found along its causes", () => {
  const tagged = withErrorType(new RateLimitError("503"), "overloaded");
  assert.equal(errorTypeOf(tagged), "overloaded");
  assert.equal(errorTypeOf(new RateLimitError("after 4 retries", { cause: tagged })), "overloaded");
  assert.equal(Object.keys(tagged).includes("errorType"), false, "not enumerable: not serialised");
});

Deno.test("errorTypeOf: a permission refusal anywhere along the causes is permission_denied", () => {
  const denied = new Deno.errors.NotCapable('Requires read access to "/etc/hostname"');
  assert.equal(errorTypeOf(denied), "permission_denied");
  assert.equal(
    errorTypeOf(new RefusalError("Cannot read", { cause: denied })),
    "permission_denied",
  );
});

Deno.test("errorTypeOf: otherwise the class decides", () => {
  const cases: [unknown, string][] = [
    [new UsageError("x"), "usage"],
    [new RefusalError("x"), "refused"],
    [new AuthRejectedError("x"), "auth_rejected"],
    [new TimedOutError("x"), "timeout"],
    [new RateLimitError("x"), "rate_limited"],
    [new InterruptedError(), "interrupted"],
    [new ProviderError("x"), "provider_error"],
    [new Error("x"), "runtime_error"],
    ["a string", "runtime_error"],
  ];
  for (const [error, type] of cases) {
    assert.equal(errorTypeOf(error), type);
    assert.ok((ERROR_TYPES as readonly string[]).includes(type));
  }
});

import assert from "node:assert/strict";
import { classifyStatus } from "../../src/net/classify_status.ts";
import { mapProviderError } from "../../src/providers/map_provider_error.ts";
import { errorTypeOf } from "../../src/core/error_type.ts";

Deno.test("classifyStatus: which statuses are retried, and the kind of each failure", () => {
  const table: [number, boolean, string][] = [
    [400, false, "invalid_request"],
    [401, false, "auth_rejected"],
    [403, false, "auth_rejected"],
    [404, false, "invalid_request"],
    [408, true, "timeout"],
    [409, true, "server_error"],
    [422, false, "invalid_request"],
    [429, true, "rate_limited"],
    [500, true, "server_error"],
    [501, false, "server_error"],
    [502, true, "server_error"],
    [503, true, "overloaded"],
    [504, true, "server_error"],
    [529, true, "overloaded"],
    [302, false, "provider_error"],
  ];
  for (const [status, retryable, type] of table) {
    assert.deepEqual(classifyStatus(status), { retryable, type }, String(status));
  }
});

Deno.test("the provider error mapping reports a status with the classifier's kind", () => {
  for (const status of [400, 404, 422, 500, 501]) {
    const error = Object.assign(new Error("failed"), {
      name: "AI_APICallError",
      statusCode: status,
      responseBody: '{"error":{"message":"nope"}}',
    });
    const mapped = mapProviderError(error, "openai");
    assert.equal(errorTypeOf(mapped), classifyStatus(status).type, String(status));
  }
});

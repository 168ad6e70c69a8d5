import assert from "node:assert/strict";
import { idKey, isFailure, resultLine } from "../../src/batch/result_line.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("resultLine: one JSON line per result, success or failure", () => {
  const success = {
    id: "a",
    text: "hi",
    usage: { input_tokens: 1, output_tokens: 2, cached_input_tokens: 0 },
    finish_reason: "stop" as const,
  };
  assert.equal(resultLine(success), `${JSON.stringify(success)}\n`);
  const failure = { id: 3, error: { message: "Line 3: not JSON", exit_code: 2 } };
  assert.equal(resultLine(failure), `${JSON.stringify(failure)}\n`);
  assert.equal(isFailure(failure), true);
  assert.equal(isFailure(success), false);
});

Deno.test("resultLine: secrets are masked in every field, also in escaped forms", () => {
  const pattern = openaiProjectKey("RESULT");
  const known = 'pass"word\\with-quotes-123';
  registerSecret(known, "TEST_SECRET");
  try {
    const line = resultLine({
      id: `id ${pattern}`,
      text: `reply with ${pattern} and ${known}`,
      usage: null,
      finish_reason: null,
    });
    assert.ok(!line.includes(pattern.slice(0, 24)));
    assert.ok(!line.includes(JSON.stringify(known).slice(1, -1)));
    assert.ok(!line.includes(known));
    const parsed = JSON.parse(line);
    assert.match(parsed.text, /sk-proj-\*\*\*/);
    const error = resultLine({
      id: 1,
      error: { message: `Bad key ${anthropicKey("R")}`, exit_code: 4 },
    });
    assert.match(JSON.parse(error).error.message, /^Bad key sk-ant-\*\*\*$/);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("idKey tells a string id from a number id", () => {
  assert.notEqual(idKey("7"), idKey(7));
  assert.equal(idKey("a"), '"a"');
});

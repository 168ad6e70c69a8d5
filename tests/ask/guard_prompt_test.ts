import assert from "node:assert/strict";
import { guardPrompt } from "../../src/ask/guard_prompt.ts";
import { RefusalError } from "../../src/cli/errors.ts";
import { awsAccessKeyId, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("redact masks secrets and names their kinds; block refuses; allow passes them with a warning", () => {
  const openai = openaiProjectKey("G");
  const aws = awsAccessKeyId("G");
  const text = `keys ${openai} and ${aws}`;
  const masked = guardPrompt(text, "redact");
  assert.ok(!masked.text.includes(openai) && !masked.text.includes(aws));
  assert.equal(masked.kinds.length, 2);
  assert.match(masked.warning!, /Masked secrets/);
  assert.throws(() => guardPrompt(text, "block"), RefusalError);
  const allowed = guardPrompt(text, "allow");
  assert.equal(allowed.text, text);
  assert.match(allowed.warning!, /--on-secret allow/);
  for (const message of [masked.warning!, allowed.warning!]) {
    assert.ok(!message.includes(openai) && !message.includes(aws));
  }
  assert.deepEqual(guardPrompt("nothing secret", "block"), { text: "nothing secret", kinds: [] });
});

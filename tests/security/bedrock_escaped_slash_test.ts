/**
 * Review: an Amazon Bedrock API key (`ABSK` + base64) in JSON whose writer
 * escapes slashes (PHP's `json_encode`: `"ABSK…a\/b+c…"`) or as .NET's
 * System.Text.Json writes `+` and `/` (`\u002B`, `\u002F`) is masked whole,
 * as the AWS secret key is (`escaped_slash_value_test.ts`): before, the
 * piece before the first `\/` was too short to be a key and the whole key
 * was sent, by `omn redact` and by the guard under `redact` and `block`.
 */
import assert from "node:assert/strict";
import { bedrockApiKey } from "../credentials/_canaries.ts";
import { redact } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

const KEY = bedrockApiKey("ESCAPED");
const FORMS = [
  KEY.replaceAll("/", "\\/"),
  KEY.replaceAll("/", "\\u002F").replaceAll("+", "\\u002B"),
  KEY.replaceAll("/", "\\u002f"),
];

/** The key's runs between `+` and `/` of 4 characters or more: none may be left. */
const PIECES = KEY.slice(4).split(/[+/]/).filter((piece) => piece.length >= 4);

function leaked(text: string): string[] {
  return PIECES.filter((piece) => text.includes(piece));
}

Deno.test("a Bedrock key with escaped slashes or .NET escapes is masked whole, whole or streamed in two cut anywhere", () => {
  assert.ok(KEY.includes("/") && PIECES.length > 3);
  for (const form of FORMS) {
    const text = `{"name":"prod","key":"${form}","n":1}\n`;
    const masked = redact(text);
    assert.deepEqual(leaked(masked), [], masked);
    assert.ok(masked.includes('"key":"ABSK***"'), masked);
    for (let cut = 0; cut <= text.length; cut += 3) {
      const stream = new IncrementalRedactor();
      const streamed = stream.push(text.slice(0, cut)) + stream.push(text.slice(cut)) +
        stream.finish();
      assert.equal(streamed, masked, `cut at ${cut}`);
    }
  }
});

Deno.test("the guard masks an escaped Bedrock key under redact and refuses it under block", () => {
  for (const form of FORMS) {
    const content = `my config: {"key":"${form}"}`;
    const sent = guardRequest({ messages: [{ role: "user", content }] }, "model", "redact")
      .request.messages[0].content;
    assert.deepEqual(leaked(sent), []);
    assert.throws(
      () => guardRequest({ messages: [{ role: "user", content }] }, "model", "block"),
      RefusalError,
    );
  }
});

Deno.test("escaped paths and URLs after ABSK-like words stay as they are", () => {
  for (
    const text of [
      '{"path":"ABSK\\/docs\\/api\\/v1\\/index.html"}',
      '{"url":"https:\\/\\/example.com\\/ABSK\\/a"}',
    ]
  ) {
    assert.equal(redact(text), text);
  }
});

/**
 * A base64 value after a key, in JSON whose writer escapes slashes (PHP's
 * `json_encode`, some loggers: `"aws_secret_access_key":"wJal\/K7…"`), is
 * masked whole: every key rule whose value may hold a `/` reads `\/` as one.
 * Ordinary escaped paths stay as they are.
 */
import assert from "node:assert/strict";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { awsSecretAccessKey, awsSessionToken } from "../credentials/_canaries.ts";
import { canaryString } from "./_corpus.ts";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const CASES: { key: string; value: string }[] = [
  { key: "aws_secret_access_key", value: awsSecretAccessKey("ESC") },
  { key: "AWS_SECRET_ACCESS_KEY", value: canaryString(BASE64, 40) },
  { key: "aws_session_token", value: awsSessionToken("ESC") },
  { key: "client_secret", value: canaryString(BASE64, 48) },
  { key: "access_token", value: canaryString(BASE64, 64) },
];

/** The value's pieces between its slashes: none of them may be sent. */
function pieces(value: string): string[] {
  return value.split("/").filter((piece) => piece.length >= 6);
}

Deno.test("a base64 value with escaped slashes after a key is masked whole", () => {
  clearKnownSecrets();
  const leaks: string[] = [];
  for (const { key, value } of CASES) {
    assert.ok(value.includes("/"), `${key}: the canary has a slash`);
    const escaped = value.replaceAll("/", "\\/");
    for (const text of [`{"${key}":"${escaped}","n":1}`, `{"${key}": "${escaped}"}\n`]) {
      const masked = redact(text);
      const sent = pieces(value).filter((piece) => masked.includes(piece));
      if (sent.length > 0) leaks.push(`${key} in ${text.slice(0, 40)}: ${sent.length} pieces`);
      const stream = new IncrementalRedactor();
      const half = Math.floor(text.length / 2);
      const streamed = stream.push(text.slice(0, half)) + stream.push(text.slice(half)) +
        stream.finish();
      assert.equal(streamed, masked, `${key}: streamed as whole`);
    }
  }
  assert.deepEqual(leaks, []);
});

Deno.test("escaped paths and short values after a key stay as they are", () => {
  clearKnownSecrets();
  for (
    const text of [
      '{"path":"src\\/main.ts","token_url":"https:\\/\\/x.test\\/oauth"}',
      '{"secret_ref":"vault\\/kv\\/app"}',
      '{"api_key":"see docs\\/keys"}',
    ]
  ) {
    assert.equal(redact(text), text);
  }
});

/**
 * Review: an Authorization header whose scheme is written twice — the
 * common bug of a client that adds `Bearer ` to a value that already has
 * it (`Authorization: Bearer Bearer <token>`) — has its token masked: before,
 * the second `Bearer` was taken for the value and the token was shown,
 * by `omn redact`, every output path and the guard.
 */
import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { canaryString } from "./_corpus.ts";

const TOKEN = canaryString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", 48);

Deno.test("a token after a scheme written twice is masked, by redact and the guard", () => {
  for (
    const header of [
      `Authorization: Bearer Bearer ${TOKEN}`,
      `authorization: bearer  Bearer ${TOKEN}`,
      `"Authorization": "Bearer Bearer ${TOKEN}"`,
      `Proxy-Authorization: Basic Basic ${TOKEN}`,
      `-H 'Authorization: Bearer Bearer ${TOKEN}'`,
    ]
  ) {
    const masked = redact(`curl ${header} https://api.example.com\n`);
    assert.ok(!masked.includes(TOKEN.slice(0, 12)) && !masked.includes(TOKEN.slice(-12)), masked);
    const sent = guardRequest({ messages: [{ role: "user", content: header }] }, "model", "redact")
      .request.messages[0].content;
    assert.ok(!sent.includes(TOKEN.slice(0, 12)), sent);
  }
});

Deno.test("a single scheme and its token are masked as before, the scheme kept", () => {
  assert.equal(redact(`Authorization: Bearer ${TOKEN}`), "Authorization: Bearer ***");
  assert.equal(redact(`Authorization: Bearer Bearer ${TOKEN}`), "Authorization: Bearer Bearer ***");
});

import assert from "node:assert/strict";
import { MAX_KEPT_REPLY_LENGTH, RedactedReply } from "../../src/ask/redacted_reply.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { githubToken } from "../security/_leak_checks.ts";

Deno.test("RedactedReply: what it releases is the redacted reply, and it keeps all of a short one", () => {
  clearKnownSecrets();
  const token = githubToken("RR");
  const reply = new RedactedReply();
  const released = reply.push(`token ${token.slice(0, 10)}`) + reply.push(`${token.slice(10)}\n`) +
    reply.finish();
  assert.equal(released, "token ghp_***\n");
  assert.equal(reply.text, released);
  assert.equal(reply.truncated, false);
  assert.equal(reply.textWithNote(), released);
  assert.equal(reply.endsWithNewline, true);
});

Deno.test("RedactedReply: it keeps at most the limit and says it cut the rest", () => {
  const reply = new RedactedReply({ keepLimit: 1000 });
  let released = 0;
  for (let index = 0; index < 500; index++) released += reply.push("word ".repeat(20)).length;
  released += reply.finish().length;
  assert.equal(released, 500 * 100, "everything is released");
  assert.equal(reply.length, 500 * 100);
  assert.equal(reply.text.length, 1000);
  assert.equal(reply.truncated, true);
  assert.match(
    reply.textWithNote(),
    /\n\[omn: reply truncated: only its first 1000 characters were kept\]$/,
  );
});

Deno.test("RedactedReply: a cut never keeps half of a surrogate pair", () => {
  const reply = new RedactedReply({ keepLimit: 3 });
  reply.push("ab😀cd");
  reply.finish();
  assert.equal(reply.text, "ab");
  assert.equal(reply.truncated, true);
});

Deno.test("RedactedReply: the default limit is 1 MiB of text", () => {
  assert.equal(MAX_KEPT_REPLY_LENGTH, 1024 * 1024);
});

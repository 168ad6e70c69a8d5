/**
 * A password in a URL (`https://user:password@host`) is masked when the
 * URL's separators are written as escapes: the URL percent-encoded inside
 * another URL (`?next=https%3A%2F%2Fuser%3Apassword%40host`, hex in either
 * case) or in a JSON string whose writer escapes slashes
 * (`"https:\/\/user:password@host"`), by `redact` and by the outgoing
 * guard; whole and cut between chunks at every offset. URL-encoded URLs
 * without a password stay as they are.
 */
import assert from "node:assert/strict";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

/** Whether the outgoing guard refuses `content` under `--on-secret block`. */
function blocked(content: string): boolean {
  try {
    guardRequest({ messages: [{ role: "user", content }] }, "model", "block");
    return false;
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return true;
  }
}

const PASSWORDS = ["S3cretCANARYpass", "S3cret%23CANARY%24pass", "p4ss-CANARY.word_~x"];

/** Each form of `url` as other text holds it. */
function forms(url: string): string[] {
  const encoded = encodeURIComponent(url);
  return [
    `redirect: https://x.test/login?next=${encoded}&lang=en\n`,
    `redirect: https://x.test/login?next=${
      encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
    }\n`,
    `{"dsn":${JSON.stringify(url).replaceAll("/", "\\/")},"n":1}\n`,
  ];
}

Deno.test("a password in a URL written with escaped separators is masked", () => {
  clearKnownSecrets();
  const leaks: string[] = [];
  for (const password of PASSWORDS) {
    for (const user of ["admin", "svc.deploy", ""]) {
      const url = `postgres://${user}:${password}@db.example.com:5432/app`;
      for (const text of forms(url)) {
        if (redact(text).includes("CANARY")) leaks.push(`redact: ${text.trim()}`);
        if (!blocked(text)) leaks.push(`block: ${text.trim()}`);
      }
    }
  }
  assert.deepEqual(leaks, []);
});

Deno.test("an escaped URL with a password, cut between chunks at every offset, is masked as a whole text is", () => {
  clearKnownSecrets();
  for (const text of forms("https://admin:S3cretCANARYpass@db.example.com/x")) {
    const expected = redact(text);
    assert.ok(!expected.includes("CANARY"), text);
    for (let cut = 1; cut < text.length; cut++) {
      const stream = new IncrementalRedactor();
      const output = stream.push(text.slice(0, cut)) + stream.push(text.slice(cut)) +
        stream.finish();
      if (output !== expected) assert.equal(output, expected, `cut at ${cut} of ${text}`);
    }
  }
});

Deno.test("escaped URLs without a password stay as they are", () => {
  clearKnownSecrets();
  for (
    const url of [
      "https://example.com/path?q=1&who=a@b",
      "https://host:8080/p@x",
      "https://user@host/p",
      "mailto:user@example.com",
      "https://example.com/a:b@c",
    ]
  ) {
    for (const text of forms(url)) {
      assert.equal(redact(text), text);
      assert.ok(!blocked(text), text);
    }
  }
});

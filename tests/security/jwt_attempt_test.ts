/**
 * Review: the JWT rule's header stops at the next `eyJ` that could start a
 * token, so that a match attempt reads at most to the next one: a text of
 * `eyJ_eyJ_…` made every anchor read 4 KiB (half a megabyte took 3.8 s for
 * `omn redact` and 5.6 s for the guard; now some 40 ms and 25 ms,
 * `/tmp/rguard/eyj.ts`). Tokens are masked as before.
 */
import assert from "node:assert/strict";
import { findSecrets, redact } from "../../src/security/redact.ts";
import { canaryString } from "./_corpus.ts";

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const TOKEN = `eyJ${canaryString(URL_SAFE, 30)}.eyJ${canaryString(URL_SAFE, 80)}.${
  canaryString(URL_SAFE, 43)
}`;

Deno.test("a JWT's match begins at the last eyJ that could start it", () => {
  const text = `x eyJ_${TOKEN} y`;
  const [finding] = findSecrets(text);
  assert.equal(finding.index, text.indexOf(TOKEN));
  assert.equal(redact(text), "x eyJ_eyJ*** y");
});

Deno.test("a JWT is masked whole, alone, quoted, in a header and after eyJ words", () => {
  for (
    const text of [
      `token ${TOKEN}\n`,
      `"id_token":"${TOKEN}"`,
      `Authorization: Bearer ${TOKEN}`,
      `eyJ eyJ_ ${TOKEN}`,
    ]
  ) {
    const masked = redact(text);
    assert.ok(!masked.includes(TOKEN.slice(-20)) && !masked.includes(TOKEN.slice(10, 30)), masked);
  }
});

Deno.test("half a megabyte of eyJ_ holds no token", () => {
  const text = "eyJ_".repeat(131_072);
  assert.equal(redact(text), text);
});

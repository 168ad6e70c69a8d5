import assert from "node:assert/strict";
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { streamed } from "./_streamed.ts";

function assertStreamsAsWhole(text: string, secrets: readonly string[]): void {
  const whole = redact(text);
  for (const secret of secrets) assert.ok(!whole.includes(secret), `${whole} holds ${secret}`);
  for (let cut = 1; cut < text.length; cut++) {
    assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
  }
}

Deno.test("a match of the plain scan over one the normalised scan still holds back is held, not released", () => {
  clearKnownSecrets();
  // `ª` folds into `a` and hides the Authorization header from the normalised scan; the BOM
  // (a blank to the plain scan) hides the rest of the token value from the plain one.
  assertStreamsAsWhole(
    "\u00AAAuthorization: Bearer abc.token=abcdef0123456789\uFEFFxyz789SECRET rest",
    ["abcdef0123456789", "xyz789SECRET", "abc.token"],
  );
});

Deno.test("a known secret cut by an invisible character, after a key, streams as it redacts whole", () => {
  clearKnownSecrets();
  registerSecret("Sup3rS3cret!Pass", "OPENAI_API_KEY");
  try {
    assertStreamsAsWhole("token=abcd\u200B1234Sup3rS3cret!Pass end", ["Sup3rS3cret", "!Pass"]);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("random mixes of key contexts, folding and invisible characters stream as they redact whole", () => {
  clearKnownSecrets();
  const pieces = [
    "Authorization: Bearer ",
    "token=",
    "api_key: ",
    "\u00AA",
    "\u017F",
    "\uFEFF",
    "\u200B",
    "\u00A0",
    "abc.def",
    "0123456789abcdef",
    "SECRETxyz789",
    " ",
    ", ",
    "sk-proj-",
    "\n",
  ];
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % below;
  };
  for (let count = 0; count < 300; count++) {
    let text = "";
    for (let part = 4 + random(6); part > 0; part--) text += pieces[random(pieces.length)];
    const whole = redact(text);
    for (const cut of [random(text.length) + 1, random(text.length) + 1]) {
      if (cut >= text.length) continue;
      assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
    }
  }
});

Deno.test("a chain of overlapping matches of the two scans is not held past the bound", () => {
  clearKnownSecrets();
  // Each `api-key:` value overlaps the `token=` one the other scan finds, and so on.
  const text = "api-key:\u200Btoken=12345678901234567".repeat(2000);
  const redactor = new IncrementalRedactor();
  let output = "";
  let held = 0;
  for (let at = 0; at < text.length; at += 1000) {
    output += redactor.push(text.slice(at, at + 1000));
    held = Math.max(held, redactor.pendingLength);
  }
  output += redactor.finish();
  assert.ok(held <= 2 * redactor.maxPendingLength, `held ${held} of ${text.length}`);
  assert.ok(!output.includes("1234567890"), output.slice(0, 200));
});

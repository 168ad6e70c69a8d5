/**
 * A key retyped or pasted in groups after its prefix
 * (`sk-ant-admin01-lilqAeln sEEpFVgw QKBs…`): groups of 4 to 8 key
 * characters, of one length (the last one shorter), each after a single
 * blank (a space, a tab, a Unicode space, U+2800), with no digit in them,
 * are joined, so `block` refuses the request; prose after a prefix, hash
 * lists and UUIDs are sent as they are.
 */
import assert from "node:assert/strict";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

const LETTERS = "lilqAelnsEEpFVgwQKBsabcdefghQRSTUVWXyzabCDmnopKLMN";

/** Keys whose rest after the prefix has no digit, and the prefix. */
const KEYS: { secret: string; prefix: string }[] = [
  { secret: "sk-ant-admin01-" + LETTERS.slice(0, 40), prefix: "sk-ant-admin01-" },
  { secret: "sk-ant-api03-" + LETTERS.slice(0, 48), prefix: "sk-ant-api03-" },
  { secret: "sk-proj-" + LETTERS.slice(0, 48), prefix: "sk-proj-" },
  { secret: "AKIA" + "QWERTYUPASDFGHJK", prefix: "AKIA" },
  { secret: "ghp_" + LETTERS.slice(0, 36), prefix: "ghp_" },
];

const request = (content: string) => ({ messages: [{ role: "user" as const, content }] });

/** Whether `content` is sent under `block`. */
function sent(content: string): boolean {
  try {
    guardRequest(request(content), "m", "block");
    return true;
  } catch (error) {
    if (error instanceof RefusalError) return false;
    throw error;
  }
}

Deno.test("a key in groups of 4 to 8 after its prefix is refused under block", () => {
  for (const { secret, prefix } of KEYS) {
    for (const size of [4, 5, 6, 8]) {
      const groups = secret.slice(prefix.length).match(new RegExp(`.{1,${size}}`, "g"))!;
      for (const blank of [" ", "\t", "\u00A0", "\u2800"]) {
        const text = `my key: ${prefix}${groups.join(blank)} thanks`;
        assert.equal(sent(text), false, JSON.stringify(text));
      }
    }
  }
});

Deno.test("a key cut once by U+2800 after its prefix is refused under block", () => {
  const secret = "sk-ant-api03-" + LETTERS.slice(0, 48);
  assert.equal(sent(`key ${secret.slice(0, 30)}\u2800${secret.slice(30)} end`), false);
});

Deno.test("prose after a prefix, hash lists and UUIDs in groups are sent", () => {
  for (
    const text of [
      "Set sk-test with this repo then push your work over there",
      "ASIA team: plan each week with care, then ship code fast",
      "use ghp_ tokens from your page when that form asks",
      "3f2a9c1d 4e5b6a7f 8091a2b3 c4d5e6f7 a8b9c0d1 3f2a9c1d 4e5b6a7f 8091a2b3",
      "0f8fad5b-d9cb-469f-a165-70867728950e 7c9e6679-7425-40de-944b-e07fc1f90ae7",
      "sk-proj-abcd efgh ijkl mnop",
    ]
  ) {
    assert.equal(sent(text), true, text);
  }
});

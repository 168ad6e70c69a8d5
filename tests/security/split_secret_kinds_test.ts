/**
 * Keys cut by line breaks (wrapped by a terminal or an editor, continued
 * with a backslash) are found by what the outgoing-secret guard asks; text
 * whose lines only happen to sit next to each other is not.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  mistralKey,
  openaiProjectKey,
} from "../credentials/_canaries.ts";
import { splitSecretKindsIn } from "../../src/security/split_secret_kinds.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { benign } from "./_corpus.ts";

const BREAKS = ["\n", "\r\n", "\r", "\\\n", "\\\r\n"];

/** `secret` cut at `at` with `breakText`, inside a sentence. */
function cut(secret: string, at: number, breakText: string, indent = ""): string {
  return `my key is\n${indent}${secret.slice(0, at)}${breakText}${indent}${secret.slice(at)}\nwhy?`;
}

const patterned = [anthropicKey("SPLT"), openaiProjectKey("SPLT"), awsAccessKeyId("SPLT")];

Deno.test("a patterned key cut by any line break at any place is found", () => {
  for (const secret of patterned) {
    for (const breakText of BREAKS) {
      for (let at = 1; at < secret.length; at++) {
        const text = cut(secret, at, breakText);
        assert.notDeepEqual(splitSecretKindsIn(text), [], `${JSON.stringify(breakText)} at ${at}`);
      }
    }
  }
});

Deno.test("a key wrapped over several indented lines is found", () => {
  const secret = anthropicKey("WRAP");
  const lines = secret.match(/.{1,17}/g)!;
  const text = "config:\n" + lines.map((line) => `    ${line}`).join("\n") + "\n  done";
  assert.notDeepEqual(splitSecretKindsIn(text), []);
});

Deno.test("a loaded key of no recognised shape cut by a line break is found (known-secret)", () => {
  clearKnownSecrets();
  const loaded = mistralKey("SPLT");
  registerSecret(loaded, "mistral");
  try {
    for (const breakText of BREAKS) {
      for (let at = 1; at < loaded.length; at++) {
        const kinds = splitSecretKindsIn(cut(loaded, at, breakText, "  "));
        assert.ok(kinds.length > 0, `${JSON.stringify(breakText)} at ${at}`);
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("a key whole on its line, once masked where it stands, leaves nothing split", () => {
  const secret = openaiProjectKey("WHOLE");
  assert.deepEqual(splitSecretKindsIn(redact(`token:\n${secret}\nnext`)), []);
});

Deno.test("benign texts, and their lines joined pairwise, are not reported", () => {
  for (const { name, text } of benign) {
    assert.deepEqual(splitSecretKindsIn(text), [], name);
    const wrapped = text.replace(/(.{40})/g, "$1\n");
    assert.deepEqual(splitSecretKindsIn(wrapped), [], `${name}, wrapped at 40`);
  }
});

Deno.test("text without line breaks is not read", () => {
  assert.deepEqual(splitSecretKindsIn(anthropicKey("ONE")), []);
});

/**
 * Review of the split-key guard: the pieces of a wrapped key are still found
 * when the break carries what terminals and editors leave around it
 * (trailing spaces or tabs, Unicode line separators) and when a piece hides
 * behind invisible or look-alike characters, as a whole key would.
 */
import assert from "node:assert/strict";
import { anthropicKey, awsAccessKeyId, geminiKey, mistralKey } from "../credentials/_canaries.ts";
import { splitSecretKindsIn } from "../../src/security/split_secret_kinds.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";

const DISGUISES: Record<string, (head: string, tail: string) => string> = {
  "trailing spaces": (head, tail) => `${head}   \n${tail}`,
  "trailing tab": (head, tail) => `${head}\t\n${tail}`,
  "trailing spaces, CRLF, indented": (head, tail) => `${head}  \r\n    ${tail}`,
  "space before a backslash continuation": (head, tail) => `${head} \\\n${tail}`,
  "U+2028 line separator": (head, tail) => `${head}\u2028${tail}`,
  "U+2029 paragraph separator": (head, tail) => `${head}\u2029${tail}`,
  "NEL": (head, tail) => `${head}\u0085${tail}`,
  "zero-width space in the first piece": (head, tail) =>
    `${head.slice(0, 1)}\u200b${head.slice(1)}\n${tail}`,
  "zero-width space in the last piece": (head, tail) =>
    `${head}\n${tail.slice(0, 1)}\u200b${tail.slice(1)}`,
  "soft hyphen before the break": (head, tail) => `${head}\u00ad\n${tail}`,
  "Cyrillic look-alike in the first piece": (head, tail) =>
    `${head.replace(/[aceopAEKMT]/, (letter) => CYRILLIC[letter])}\n${tail}`,
};

const CYRILLIC: Record<string, string> = {
  a: "\u0430",
  c: "\u0441",
  e: "\u0435",
  o: "\u043E",
  p: "\u0440",
  A: "\u0410",
  E: "\u0415",
  K: "\u041A",
  M: "\u041C",
  T: "\u0422",
};

function missedCuts(secret: string): string[] {
  const missed: string[] = [];
  for (const [name, disguise] of Object.entries(DISGUISES)) {
    for (let at = 1; at < secret.length; at++) {
      const text = `my key is\n${disguise(secret.slice(0, at), secret.slice(at))}\nwhy?`;
      if (splitSecretKindsIn(text).length === 0) missed.push(`${name} at ${at}`);
    }
  }
  return missed;
}

Deno.test("review: a patterned key cut by a disguised line break at any place is found", () => {
  for (const secret of [anthropicKey("RVW"), awsAccessKeyId("RVW"), geminiKey("RVW")]) {
    assert.deepEqual(missedCuts(secret), [], secret.slice(0, 6));
  }
});

Deno.test("review: a loaded key cut by a disguised line break at any place is found", () => {
  clearKnownSecrets();
  const loaded = mistralKey("RVW");
  registerSecret(loaded, "mistral");
  try {
    assert.deepEqual(missedCuts(loaded), []);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("review: prose with trailing spaces and Unicode breaks stays clean", () => {
  const prose = [
    "The build passed   \nand the release is tagged",
    "first paragraph\u2029second paragraph with words",
    "line one\t\r\nline two\u2028line three \\\nline four",
  ];
  for (const text of prose) assert.deepEqual(splitSecretKindsIn(text), [], text);
});

Deno.test("review: a key wrapped in a narrow column (8 to 15 characters a line) is found", () => {
  for (const secret of [anthropicKey("NARROW"), geminiKey("NARROW")]) {
    for (let width = 8; width < 16; width++) {
      const lines = secret.match(new RegExp(`.{1,${width}}`, "g"))!;
      const text = "key:\n" + lines.map((line) => `  ${line}`).join("\n") + "\nend";
      assert.notDeepEqual(splitSecretKindsIn(text), [], `${secret.slice(0, 6)} at ${width}`);
    }
  }
});

Deno.test("review: a key cut by Notepad's soft break (\\r\\r\\n) or by blank lines is found", () => {
  const secret = anthropicKey("BLANK");
  for (const breakText of ["\r\r\n", "\n\n", "\r\n  \r\n", "\\\n\n"]) {
    for (let at = 1; at < secret.length; at++) {
      const text = `key:\n${secret.slice(0, at)}${breakText}${secret.slice(at)}\nend`;
      assert.notDeepEqual(splitSecretKindsIn(text), [], `${JSON.stringify(breakText)} at ${at}`);
    }
  }
});

Deno.test("review: long runs of spaces or key characters are read without backtracking over them", () => {
  // Before: `/[ \t]*\\?[ \t]*…/` and `/[…]+$/` backtracked over such runs
  // (cubic and quadratic: minutes for these sizes; a pasted base64 image or
  // an attachment's long printable run).
  const secret = anthropicKey("LONG");
  const spaces = " ".repeat(200_000);
  const run = "A".repeat(400_000);
  assert.deepEqual(splitSecretKindsIn(`a${spaces}x\n${run}"\nok`), []);
  const wrapped = `${spaces}${run}!\n${secret.slice(0, 20)}${spaces}\n${secret.slice(20)}`;
  assert.notDeepEqual(splitSecretKindsIn(wrapped), []);
});

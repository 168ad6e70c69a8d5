import assert from "node:assert/strict";
import { countSecretOccurrences } from "../../src/security/count_secret_occurrences.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("a secret is counted raw and in every encoding the redactor masks", () => {
  const key = openaiProjectKey("COUNT");
  const bytes = new TextEncoder().encode(key);
  const base64 = btoa(String.fromCharCode(...bytes));
  const text = [
    key,
    JSON.stringify({ prompt: `my key is "${key}"` }),
    encodeURIComponent(`k=${key}`),
    base64,
    base64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""),
    btoa(`Authorization: Bearer ${key}`), // at another byte offset inside a longer base64 text
  ].join("\n");
  assert.equal(countSecretOccurrences(text, key), 6);
  assert.equal(countSecretOccurrences("nothing here", key), 0);
  assert.equal(countSecretOccurrences(`${key}${key}`, key), 2);
});

Deno.test("values shorter than the redactor's minimum are not looked for", () => {
  assert.equal(countSecretOccurrences("abc abc", "abc"), 0);
});

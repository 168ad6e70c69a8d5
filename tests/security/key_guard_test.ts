/**
 * The key-context rules run behind a cheap guard: an operator is looked at
 * only after one of the keys' last two letters (`ey`, `en`, `on`, `et`).
 * These tests attack that pre-filter: every key of every context rule, in
 * any case, with every operator and quoting, cut between chunks at every
 * offset (the key's ending included), and disguised with invisible and
 * fullwidth characters inside its ending.
 */
import assert from "node:assert/strict";
import { patterns } from "../../src/security/patterns.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { canaries } from "./_corpus.ts";
import { cutsAroundValue } from "./_corpus_cuts.ts";
import { fullwidth } from "./_disguises.ts";

const encoder = new TextEncoder();

/** The keys each context canary is found after, in the spellings people use. */
const KEYS: Record<string, string[]> = {
  "AWS secret access key": [
    "AWS_SECRET_ACCESS_KEY",
    "aws_secret_access_key",
    "awsSecretAccessKey",
    "SecretAccessKey",
    "aws-secret-key",
  ],
  "AWS session token": [
    "AWS_SESSION_TOKEN",
    "aws_security_token",
    "X-Amz-Security-Token",
    "SessionToken",
  ],
  "Azure OpenAI key, old format": ["AZURE_OPENAI_API_KEY", "azure-openai-key", "AzureApiKey"],
  "Mistral key": ["MISTRAL_API_KEY", "mistralApiKey", "mistral-key"],
  "Cohere key": ["CO_API_KEY", "cohere_api_key", "CohereKey"],
};
const OPERATORS = ["=", ": ", ":=", " => ", ",", '": "', '\\": \\"', "' = '", ">"];

function lines(): { line: string; value: string }[] {
  const found: { line: string; value: string }[] = [];
  for (const canary of canaries.filter(({ scope }) => scope === "context")) {
    const keys = KEYS[canary.name];
    assert.ok(keys, `keys for ${canary.name}`);
    for (const key of keys) {
      for (const operator of OPERATORS) {
        found.push({ line: `x ${key}${operator}${canary.text} y\n`, value: canary.text });
      }
    }
  }
  return found;
}

Deno.test("every key of the context rules, in any spelling, with every operator, is masked", () => {
  clearKnownSecrets();
  const leaks = lines().filter(({ line, value }) => redact(line).includes(value));
  assert.deepEqual(leaks.map(({ line }) => line.slice(0, 60)), []);
});

Deno.test("a key cut between chunks at every offset, its last two letters included, is found", () => {
  clearKnownSecrets();
  // Every offset from the key to the value's first characters and from its last ones on; the
  // runs of letters and digits within the value (an AWS session token's 300 characters) are
  // cut at every STRIDE-th offset, in another phase for each line (cutsAroundValue).
  lines().filter((_, index) => index % 3 === 0).forEach(({ line, value }, index) => {
    const text = "pad ".repeat(20) + line;
    const expected = redact(text);
    const bytes = encoder.encode(text);
    const start = text.indexOf(value);
    const cuts = cutsAroundValue(text, start, start + value.length, index)
      .filter((cut) => cut >= 70);
    for (const cut of cuts) {
      const redactor = new IncrementalRedactor();
      const output = redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) +
        redactor.finish();
      if (output !== expected) assert.equal(output, expected, `cut at ${cut} of ${line}`);
      const byteRedactor = new ByteRedactor();
      const viaBytes = byteRedactor.push(bytes.subarray(0, cut)) +
        byteRedactor.push(bytes.subarray(cut)) + byteRedactor.finish();
      if (viaBytes !== expected) assert.equal(viaBytes, expected, `bytes cut at ${cut} of ${line}`);
    }
  });
});

Deno.test("invisible or fullwidth characters inside a key's ending do not get it past the guard", () => {
  clearKnownSecrets();
  for (const canary of canaries.filter(({ scope }) => scope === "context")) {
    const key = KEYS[canary.name][0];
    const head = key.slice(0, -2);
    const ending = key.slice(-2);
    for (
      const disguised of [
        `${head}${ending[0]}\u200B${ending[1]}`,
        `${head}${ending[0]}\u00AD${ending[1]}`,
        `${head}\u2060${ending}`,
        `${head}${fullwidth(ending)}`,
        fullwidth(key),
      ]
    ) {
      const text = `${disguised}=${canary.text}\n`;
      assert.ok(!redact(text).includes(canary.text), JSON.stringify(disguised));
    }
  }
});

Deno.test("the guard lets an operator through after ey, en, on or et in any case, and after nothing else", () => {
  // The guard is the source's leading lookbehind, shared by the key rules.
  const keyed = patterns.filter((rule) => rule.guard !== "");
  assert.ok(keyed.length >= 9);
  const guard = new RegExp(`${keyed[0].guard}[:=,>]`);
  for (const ending of ["ey", "EY", "en", "EN", "on", "On", "et", "eT"]) {
    assert.ok(guard.test(`x_k${ending}=`), ending);
    assert.ok(guard.test(`x_k${ending}" : `.slice(0, -1)), `${ending} then a quote and spaces`);
  }
  for (const other of ["ys", "es", "id", "ts", "ky"]) assert.ok(!guard.test(`x_${other}=`), other);
});

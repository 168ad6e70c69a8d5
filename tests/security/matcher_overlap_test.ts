import assert from "node:assert/strict";
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";

/** `text` pushed in two pieces cut at `cut`, then finished. */
function streamed(text: string, cut: number): string {
  const redactor = new IncrementalRedactor();
  return redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) + redactor.finish();
}

Deno.test("a stored secret that a key rule's value stops short of is masked whole, whole and streamed", () => {
  clearKnownSecrets();
  // `!`, `#`, `@` and `$` end a key rule's value; the stored key goes on.
  const secrets = ["Xy7pQ2mN8vL4kR9sT1!extra#Q", "Ab3dEf6hIj9kLm2nOp5q@tail$Z"];
  for (const secret of secrets) registerSecret(secret, "OPENAI_API_KEY");
  try {
    for (const secret of secrets) {
      const tail = secret.slice(secret.search(/[!@]/));
      for (
        const text of [
          `client_secret=${secret}`,
          `API_KEY: ${secret} done`,
          `{"token": "${secret}", "next": 1}`,
          `export PASSWORD=${secret}\n`,
        ]
      ) {
        const whole = redact(text);
        assert.ok(!whole.includes(tail), `${text} -> ${whole}`);
        assert.ok(!whole.includes(secret.slice(0, 8)), `${text} -> ${whole}`);
        for (let cut = 1; cut < text.length; cut++) {
          assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
        }
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("two secrets that only touch are masked apart, each as its own kind", () => {
  clearKnownSecrets();
  const output = redact(
    "a sk-ant-api03-" + "x".repeat(93) + "AA and ghp_" + "b".repeat(36) + " end",
  );
  assert.match(output, /^a sk-ant-\*\*\* and ghp_\*\*\* end$/);
});

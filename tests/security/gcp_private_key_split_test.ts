import assert from "node:assert/strict";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { canaryString } from "./_corpus.ts";
import { cutsAroundValue } from "./_corpus_cuts.ts";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A service-account JSON whose key is spaced as far from its value as the pattern allows. */
function serviceAccount(spaces: number): { text: string; body: string } {
  const body = Array.from({ length: 6 }, () => canaryString(BASE64, 64)).join("\\n");
  const gap = " ".repeat(spaces);
  const text =
    `{"type": "service_account", "private_key"${gap}:${gap}"-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n", "client_email": "bot@demo.iam.gserviceaccount.com"}\n`;
  return { text, body };
}

Deno.test("a service-account key is masked with its key up to 47 characters before the BEGIN marker, split anywhere", () => {
  clearKnownSecrets();
  for (const spaces of [0, 1, 16]) {
    const { text, body } = serviceAccount(spaces);
    const whole = redact(text);
    assert.ok(!whole.includes(body.slice(0, 40)), `masked whole with ${spaces} spaces`);
    assert.ok(
      whole.includes('"-----BEGIN PRIVATE KEY-----\\n***\\n-----END PRIVATE KEY-----'),
      whole,
    );
    // Every offset but inside the runs of letters and digits of the PEM body's lines, cut
    // there every STRIDE-th (cutsAroundValue, as the corpus is): a run is held from the
    // match's start whatever the cut; the JSON key, its gap and the markers at every offset.
    const start = text.indexOf("-----BEGIN");
    const end = text.indexOf("-----END PRIVATE KEY-----") + "-----END PRIVATE KEY-----".length;
    for (const cut of cutsAroundValue(text, start, end, spaces)) {
      for (const second of [cut, Math.min(text.length, cut + 1), Math.min(text.length, cut + 30)]) {
        const redactor = new IncrementalRedactor();
        const output = redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut, second)) +
          redactor.push(text.slice(second)) + redactor.finish();
        if (output !== whole) {
          assert.equal(output, whole, `${spaces} spaces, cuts at ${cut}, ${second}`);
        }
      }
    }
  }
});

Deno.test("past the JSON rule's reach (17 spaces), the PEM rule still masks the body", () => {
  clearKnownSecrets();
  const { text, body } = serviceAccount(17);
  const output = redact(text);
  assert.ok(!output.includes(body.slice(0, 40)), output);
  assert.ok(
    output.includes('"-----BEGIN PRIVATE KEY-----\\n***\\n-----END PRIVATE KEY-----'),
    output,
  );
});

import assert from "node:assert/strict";
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";
import { redact } from "../../src/security/redact.ts";
import { canaryString } from "./_corpus.ts";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const body = Array.from({ length: 6 }, () => canaryString(BASE64, 64));
/** Long enough that the chunks take the grouped regexes and the multi-line partial's 16 KiB window. */
const filler = "2026-03-01T00:00:00Z INFO request served in 12 ms\n".repeat(400);

const blocks = {
  "a PEM block": `-----BEGIN RSA PRIVATE KEY-----\n${
    body.join("\n")
  }\n-----END RSA PRIVATE KEY-----`,
  "a service-account key":
    `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${
      body.join("\\n")
    }\\n-----END PRIVATE KEY-----\\n", "client_email": "a@b.iam.gserviceaccount.com"}`,
};

for (const [name, block] of Object.entries(blocks)) {
  Deno.test(`${name} cut at every offset after a long text is masked as redact masks it`, () => {
    const whole = `${filler}${block}\n${filler}`;
    const expected = redact(whole);
    for (const line of body) assert.ok(!expected.includes(line), "redact masks the body");
    for (let cut = 0; cut <= block.length; cut++) {
      const redactor = new IncrementalRedactor();
      const output = redactor.push(filler + block.slice(0, cut)) +
        redactor.push(`${block.slice(cut)}\n${filler}`) + redactor.finish();
      assert.equal(output, expected, `cut at ${cut}`);
    }
  });
}

/**
 * Review: `omn redact` masks a key printed in colour or highlighted by
 * `grep --color=always` (`ESC[01;31m ESC[K sk- ESC[m ESC[K proj-…`), as
 * `redact` does: a chunk of ASCII bytes that holds an ESC takes the
 * normalising path (the test is one search for ESC, some 0.5 ms over 16 MB).
 * Before, the key was left whole in the output.
 */
import assert from "node:assert/strict";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { redact } from "../../src/security/redact.ts";
import { redactReader } from "../../src/security/redact_reader.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { cutsAroundValue } from "./_corpus_cuts.ts";

const encoder = new TextEncoder();

function redactBytes(text: string, cut: number): string {
  const bytes = encoder.encode(text);
  const redactor = new ByteRedactor();
  return redactor.push(bytes.subarray(0, cut)) + redactor.push(bytes.subarray(cut)) +
    redactor.finish();
}

const GREP_START = "\x1b[01;31m\x1b[K";
const GREP_END = "\x1b[m\x1b[K";

Deno.test("omn redact masks a key printed in colour or highlighted by grep, cut anywhere", () => {
  const [anthropic, openai] = [anthropicKey("COLOUR"), openaiProjectKey("COLOUR")];
  const texts = [
    `\x1b[32m${anthropic}\x1b[0m\n`,
    `key: \x1b[1;33m${openai}\x1b[0m\nnext line\n`,
    `.env:1:OPENAI_API_KEY=${GREP_START}sk-${GREP_END}${openai.slice(3)}\n`,
    `${GREP_START}${anthropic.slice(0, 20)}${GREP_END}${anthropic.slice(20)}\n`,
  ];
  for (const text of texts) {
    const whole = redact(text);
    const key = text.includes(anthropic.slice(30, 40)) ? anthropic : openai;
    assert.ok(!whole.includes(key.slice(30, 42)), JSON.stringify(whole));
    for (let cut = 0; cut <= text.length; cut++) {
      assert.equal(
        redactBytes(text, cut),
        whole,
        `${JSON.stringify(text.slice(0, 30))} cut at ${cut}`,
      );
    }
  }
});

Deno.test("coloured text without a key goes through omn redact unchanged", () => {
  const text = "\x1b[1;32mPASS\x1b[0m 12 tests in 3f2a9c1d4e5b6a7f8091a2b3c4d5e6f7a8b9c0d1\n";
  assert.equal(redactBytes(text, 10), text);
});

Deno.test("omn redact's copy loop masks a key highlighted by grep, read in two pieces cut anywhere", async () => {
  const key = openaiProjectKey("LOOP");
  const text = `.env:1:OPENAI_API_KEY=${GREP_START}sk-${GREP_END}${key.slice(3)}\nok\n`;
  const bytes = encoder.encode(text);
  const expected = redact(text);
  assert.ok(!expected.includes(key.slice(30, 42)));
  // The loop hands each read to a ByteRedactor, which the first test cuts at every byte (each
  // read here costs the loop's 3 MiB of buffers): every byte but inside the runs of letters and
  // digits of the key, cut there every STRIDE-th byte (cutsAroundValue, as
  // redact_reader_test.ts's boundaries are); around each escape sequence at every byte.
  const start = text.indexOf("sk-");
  const cuts = cutsAroundValue(text, start, text.indexOf("\nok"));
  for (const cut of cuts.filter((cut) => cut >= 1 && cut < bytes.length)) {
    const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
    const written: Uint8Array[] = [];
    await redactReader({
      read(buffer) {
        const piece = pieces.shift();
        if (piece === undefined) return Promise.resolve(null);
        buffer.set(piece);
        return Promise.resolve(piece.length);
      },
    }, {
      write(output) {
        written.push(output.slice());
        return Promise.resolve(output.length);
      },
    });
    const out = new TextDecoder().decode(new Uint8Array(written.flatMap((chunk) => [...chunk])));
    assert.equal(out, expected, `cut at ${cut}`);
  }
});

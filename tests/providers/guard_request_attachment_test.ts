/**
 * The outgoing-secret guard and attachments: it reads the text an
 * attachment's bytes hold (an image's metadata, an uncompressed PDF) and,
 * since a secret cannot be masked inside a file, refuses it under `redact`
 * and `block`; `allow` sends it with a warning. The prompt beside the file
 * is guarded as always.
 *
 * @module
 */
import assert from "node:assert/strict";
import { guardRequest, type OnSecret } from "../../src/providers/guard_request.ts";
import { attachmentText } from "../../src/providers/attachment_text.ts";
import { RefusalError } from "../../src/core/errors.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { awsAccessKeyId, openaiProjectKey } from "../credentials/_canaries.ts";

const key = openaiProjectKey("ATTG");
const encode = (text: string) => new TextEncoder().encode(text);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG whose `tEXt` chunk holds `text`, between binary bytes. */
function pngWithText(text: string): Uint8Array {
  return new Uint8Array([
    ...PNG_SIGNATURE,
    0,
    0,
    0,
    40,
    ...encode(`tEXtComment\0${text}`),
    0,
    1,
    2,
  ]);
}

/** An uncompressed PDF page stream holding `text`. */
function pdfWithText(text: string): Uint8Array {
  return encode(`%PDF-1.4\n1 0 obj << /Length 60 >>\nstream\nBT (${text}) Tj ET\nendstream\n`);
}

function request(data: Uint8Array, mediaType: string, prompt = "describe this"): GenerateRequest {
  return { messages: [{ role: "user", content: prompt, attachment: { mediaType, data } }] };
}

Deno.test("attachmentText finds printable runs of 8 or more, not binary noise", () => {
  assert.match(attachmentText(pngWithText(`key ${key}`)), new RegExp(key));
  assert.equal(attachmentText(new Uint8Array([1, 2, 0x41, 0x42, 3, 0xff])), "");
});

for (
  const [name, data, mediaType] of [
    ["a PNG text chunk", pngWithText(`api key ${key}`), "image/png"],
    ["an uncompressed PDF", pdfWithText(`the key is ${key}`), "application/pdf"],
    ["a PDF's metadata", pdfWithText(`AWS ${awsAccessKeyId("ATTG")}`), "application/pdf"],
  ] as const
) {
  for (const policy of ["redact", "block"] as OnSecret[]) {
    Deno.test(`--on-secret ${policy}: a secret in ${name} is refused (exit 3), never quoted`, () => {
      assert.throws(
        () => guardRequest(request(data, mediaType), "gpt-4o", policy),
        (error: unknown) => {
          assert.ok(error instanceof RefusalError);
          assert.equal(error.exitCode, 3);
          assert.match(error.message, /in the attachment/);
          if (policy === "redact") assert.match(error.message, /cannot be masked in a file/);
          assert.ok(!error.message.includes(key));
          return true;
        },
      );
    });
  }
  Deno.test(`--on-secret allow: a secret in ${name} is sent as it is, with a warning`, () => {
    const guarded = guardRequest(request(data, mediaType), "gpt-4o", "allow");
    assert.match(guarded.warning ?? "", /in the attachment/);
    assert.equal(guarded.request.messages[0].attachment?.data, data);
  });
}

Deno.test("an attachment without secrets goes out untouched; a secret in the prompt beside it is masked", () => {
  const data = pngWithText("a harmless comment about cats");
  const clean = guardRequest(request(data, "image/png"), "gpt-4o", "redact");
  assert.equal(clean.warning, undefined);
  assert.equal(clean.request.messages[0].attachment?.data, data);
  const masked = guardRequest(request(data, "image/png", `describe ${key}`), "gpt-4o", "redact");
  assert.ok(!masked.request.messages[0].content.includes(key));
  assert.match(masked.warning ?? "", /in the prompt/);
  assert.equal(masked.request.messages[0].attachment?.data, data);
  assert.throws(
    () => guardRequest(request(data, "image/png", `describe ${key}`), "gpt-4o", "block"),
    RefusalError,
  );
});

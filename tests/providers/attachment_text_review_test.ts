/**
 * Review of the guard over an attachment's text: a key that the file keeps
 * in UTF-16 (EXIF's Windows fields, PDF text strings) or wrapped over lines
 * (a PNG text chunk, an uncompressed PDF) is refused like a plain one.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey } from "../credentials/_canaries.ts";
import { attachmentText } from "../../src/providers/attachment_text.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { RefusalError } from "../../src/core/errors.ts";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x20];
const ascii = (text: string) => [...new TextEncoder().encode(text)];
const utf8 = ascii;
const hex = (bytes: number[]) => bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");

function utf16(text: string, littleEndian: boolean): number[] {
  return [...text].flatMap((character) => {
    const code = character.charCodeAt(0);
    return littleEndian ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
  });
}

/** The forms a file keeps a text in, around binary bytes. */
function forms(secret: string): Record<string, Uint8Array> {
  const framed = (bytes: number[]) => new Uint8Array([...PNG, ...bytes, 0, 0xff, 0x01]);
  const at = Math.floor(secret.length / 3);
  return {
    "UTF-16LE": framed(utf16(`Comment: ${secret}`, true)),
    "UTF-16BE with BOM (PDF text string)": framed([0xfe, 0xff, ...utf16(secret, false)]),
    "wrapped with LF": framed(ascii(`tEXtComment\0${secret.slice(0, at)}\n${secret.slice(at)}`)),
    "UTF-8 with a zero-width space inside": framed(
      utf8(`iTXtComment\0${secret.slice(0, at)}\u200b${secret.slice(at)}`),
    ),
    "UTF-8 beside accented text": framed(utf8(`Autor: José Müller ${secret} ©`)),
    "PDF hex string": new Uint8Array(ascii(`%PDF-1.4\n[<${hex(ascii(secret))}>] TJ\n`)),
    "PDF hex string in UTF-16BE, wrapped": new Uint8Array(
      ascii(`%PDF-1.4\n/Title <FEFF${hex(utf16(secret, false)).replace(/.{64}/g, "$&\n")}>\n`),
    ),
    "wrapped with CRLF, indented": framed(
      ascii(`Comment ${secret.slice(0, at)}  \r\n    ${secret.slice(at)}`),
    ),
  };
}

function refused(data: Uint8Array): boolean {
  const request: GenerateRequest = {
    messages: [{ role: "user", content: "describe", attachment: { mediaType: "image/png", data } }],
  };
  for (const policy of ["block", "redact"] as const) {
    try {
      guardRequest(request, "model", policy);
      return false;
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
    }
  }
  return true;
}

Deno.test("review: a patterned key in UTF-16 or wrapped over lines in an attachment is refused", () => {
  for (const [name, data] of Object.entries(forms(anthropicKey("ATTACH")))) {
    assert.ok(refused(data), name);
  }
});

Deno.test("review: a loaded key in UTF-16 or wrapped over lines in an attachment is refused", () => {
  clearKnownSecrets();
  registerSecret(mistralKey("ATTACH"), "mistral");
  try {
    for (const [name, data] of Object.entries(forms(mistralKey("ATTACH")))) {
      assert.ok(refused(data), name);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("review: UTF-16 text of an attachment is read without its zero bytes", () => {
  const data = new Uint8Array([0xff, 0xd8, 0xff, ...utf16("Windows title", true), 0xff]);
  assert.ok(attachmentText(data).split("\0").includes("Windows title"));
});

Deno.test("review: UTF-8 text of an attachment is read whole, binary bytes still cut runs", () => {
  const data = new Uint8Array([
    0x89,
    ...ascii("Légende: café crème"),
    0xc3,
    0x28,
    ...ascii("tail text!"),
  ]);
  assert.deepEqual(attachmentText(data).split("\0").slice(0, 2), [
    "Légende: café crème",
    "(tail text!",
  ]);
});

Deno.test("review: a long run of text (a 9 MiB uncompressed PDF page, UTF-16 or hex) is read, not a stack overflow", () => {
  const length = 9 * 1024 * 1024;
  const text = new Uint8Array(length).fill(0x41);
  assert.equal(attachmentText(text).length, length);
  const wide = new Uint8Array(length);
  for (let index = 0; index < length; index += 2) wide[index] = 0x41;
  assert.ok(attachmentText(wide).split("\0").some((run) => run.length === length / 2));
  // `<`, 9 MiB of hex digits, `>`, filled in place (spreading 9 Mi numbers into an array
  // literal cost more than the scan under test).
  const hexText = new Uint8Array(length + 2).fill(0x34);
  hexText[0] = 0x3c;
  hexText[length + 1] = 0x3e;
  assert.ok(attachmentText(hexText).split("\0").some((run) => run.length === length / 2));
});

/**
 * The one thing about attachments only a real process shows: a binary file
 * piped into `omn ask --attach-type` through the shell's stdin arrives whole
 * (the in-process tests cover the rest: tests/ask/attachment_*_test.ts).
 *
 * @module
 */
import assert from "node:assert/strict";
import { runOmn, tempWorkspace } from "./_omn.ts";

Deno.test("omn ask --attach-type auto < photo.png: the bundle reads stdin as bytes and reports the file", async () => {
  await using workspace = await tempWorkspace();
  // Every byte value, after a PNG signature: a text decoding on the way would change the size.
  const png = new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...Array.from({ length: 4096 }, (_, index) => index % 256),
  ]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", png));
  const sha256 = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  const result = await runOmn(
    ["ask", "--provider", "mock", "--attach-type", "auto", "-o", "json", "describe this"],
    { ...workspace, stdin: png },
  );
  assert.equal(result.code, 0, result.stderr);
  const object = JSON.parse(result.stdout);
  assert.deepEqual(object.attachment, { type: "image/png", size: png.length, sha256 });
  assert.match(object.result, new RegExp(`image/png \\(${png.length} bytes\\)`));
});

import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { checkAttachFlags } from "../../src/ask/ask_attachment.ts";
import { detectMediaType } from "../../src/ask/detect_media_type.ts";
import { readAttachment, readBounded, sha256Of } from "../../src/ask/read_attachment.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) => typeof part === "string" ? [...new TextEncoder().encode(part)] : part),
  );
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest");
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF");
const GIF = bytes("GIF89a", [1, 0, 1, 0]);
const WEBP = bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ");
const PDF = bytes("%PDF-1.7\n");

function streamOf(data: Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.length) return controller.close();
      controller.enqueue(data.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

Deno.test("detectMediaType knows each type by its first bytes, and nothing else", () => {
  assert.equal(detectMediaType(PNG), "image/png");
  assert.equal(detectMediaType(JPEG), "image/jpeg");
  assert.equal(detectMediaType(GIF), "image/gif");
  assert.equal(detectMediaType(bytes("GIF87a")), "image/gif");
  assert.equal(detectMediaType(WEBP), "image/webp");
  assert.equal(detectMediaType(PDF), "application/pdf");
  for (const other of [bytes("hello"), bytes("RIFF1234WAVE"), bytes([0x89, 0x50]), bytes()]) {
    assert.equal(detectMediaType(other), undefined);
  }
});

Deno.test("readAttachment returns the bytes, their type, size and SHA-256", async () => {
  for (
    const [type, data] of [["image/png", PNG], ["auto", PNG], ["application/pdf", PDF]] as const
  ) {
    const attachment = await readAttachment(streamOf(data), { type });
    assert.deepEqual(attachment.data, data);
    assert.equal(attachment.type, detectMediaType(data));
    assert.equal(attachment.size, data.length);
    assert.equal(attachment.sha256, await sha256Of(data));
  }
  assert.equal(
    await sha256Of(bytes("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("readAttachment refuses empty stdin, unknown bytes under auto, and a type the bytes are not", async () => {
  const refused = async (data: Uint8Array, type: "auto" | "image/png", pattern: RegExp) =>
    await assert.rejects(() => readAttachment(streamOf(data), { type }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  await refused(bytes(), "auto", /Cannot attach stdin: it is empty/);
  await refused(bytes("plain text"), "auto", /Cannot detect the type of stdin: .*--attach-type/);
  await refused(
    JPEG,
    "image/png",
    /as image\/png: its bytes are image\/jpeg; pass --attach-type image\/jpeg/,
  );
  await refused(
    bytes("plain text"),
    "image/png",
    /as image\/png: its first bytes are not those of image\/png/,
  );
});

Deno.test("the size cap: exactly the limit passes; one byte more is refused, naming the limit", async () => {
  const limit = 1000;
  const atLimit = new Uint8Array(limit);
  atLimit.set(PNG);
  const read = await readAttachment(streamOf(atLimit, 64), {
    type: "auto",
    limit,
    limitLabel: "1000 B",
  });
  assert.equal(read.size, limit);
  const over = new Uint8Array(limit + 1);
  over.set(PNG);
  await assert.rejects(
    () => readAttachment(streamOf(over, 64), { type: "auto", limit, limitLabel: "1000 B" }),
    /larger than the 1000 B limit of attachments/,
  );
});

Deno.test("reading stops once past the cap: an endless stdin is never read to its end", async () => {
  let pulled = 0;
  let cancelled = false;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 100;
      controller.enqueue(new Uint8Array(100));
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  assert.equal(await readBounded(endless, 1000), undefined);
  assert.ok(pulled <= 1100, `pulled ${pulled} bytes`);
  assert.ok(cancelled);
});

Deno.test("checkAttachFlags: a prompt in the arguments, no '-', no --schema -, stdin not a terminal", () => {
  const ok = { words: ["describe", "this"], attachType: "auto" as const };
  checkAttachFlags(ok, false);
  checkAttachFlags({ words: [] }, true); // no --attach-type: nothing to check
  const cases: [Parameters<typeof checkAttachFlags>[0], boolean, RegExp][] = [
    [{ ...ok, words: [] }, false, /needs the prompt as arguments: omn ask --attach-type/],
    [{ ...ok, words: ["  "] }, false, /needs the prompt as arguments/],
    [{ ...ok, words: ["-", "x"] }, false, /drop the "-"/],
    [{ ...ok, schema: "-" }, false, /--schema cannot/],
    [ok, true, /stdin, which is a terminal: redirect the file in/],
  ];
  for (const [flags, terminal, pattern] of cases) {
    assert.throws(() => checkAttachFlags(flags, terminal), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, pattern);
      return true;
    });
  }
});

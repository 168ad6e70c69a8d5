/**
 * `ask --attach-type` end to end in process: the JSON result and the stored
 * conversation keep the attachment's type, size and SHA-256, and no file
 * the run writes (history, usage ledger, audit log) holds its bytes.
 *
 * @module
 */
import assert from "node:assert/strict";
import { assertNoCanary, assertNoCanaryInTree } from "../e2e/_canary_checks.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { readTree, tempWorkspace } from "../e2e/_workspace.ts";

const CANARY = "CANARY-ATTACHMENT-BYTES-9d41c0";
const PNG = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...new TextEncoder().encode(CANARY),
  0,
  255,
  ...new TextEncoder().encode(CANARY),
]);

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The texts of the conversation files (`<id>.json`) of a config directory. */
async function conversationTexts(home: string): Promise<string[]> {
  const files = await readTree(`${home}/conversations`);
  return [...files].filter(([path]) => path.endsWith(".json")).map(([, text]) => text);
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

Deno.test("history and the JSON result keep the attachment's type, size and SHA-256, never its bytes", async () => {
  await using workspace = await tempWorkspace();
  const summary = { type: "image/png", size: PNG.length, sha256: await sha256Hex(PNG) };
  const result = await runInProcess(
    [
      "ask",
      "--provider",
      "mock",
      "--attach-type",
      "auto",
      "-o",
      "json",
      "--usage",
      "describe this",
    ],
    { ...workspace, stdin: PNG },
  );
  assert.equal(result.code, 0, result.stderr);
  const object = JSON.parse(result.stdout);
  assert.deepEqual(object.attachment, summary);
  assert.match(object.result, /with an attachment of image\/png \(\d+ bytes\)/);

  const files = await conversationTexts(workspace.home);
  assert.equal(files.length, 1);
  const conversation = JSON.parse(files[0]);
  assert.deepEqual(conversation.messages[0], {
    role: "user",
    content: "describe this",
    attachment: summary,
  });
  // Neither the bytes nor their base64 anywhere: outputs, history, ledger, audit.
  const canaries = [CANARY, base64(PNG), base64(PNG).slice(12, 60)];
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, canaries);
  await assertNoCanaryInTree(workspace.root, canaries);

  // The conversation goes on (-c) from the stored text; the file is not sent again.
  const next = await runInProcess(["ask", "-c", "-o", "json", "and the colours?"], workspace);
  assert.equal(next.code, 0, next.stderr);
  assert.equal(JSON.parse(next.stdout).attachment, undefined);
  const after = JSON.parse((await conversationTexts(workspace.home))[0]);
  assert.equal(after.messages.length, 4);
  assert.deepEqual(after.messages[0].attachment, summary);
  assert.equal(after.messages[2].attachment, undefined);
});

Deno.test("refusals exit 2 with one line, before any credential lookup or request", async () => {
  await using workspace = await tempWorkspace();
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const gif = new TextEncoder().encode("GIF89a....");
  const cases: [string[], Uint8Array | string, RegExp][] = [
    // xAI's default model reads text only; no key is set, and none is asked for.
    [["--provider", "xai", "--attach-type", "image/png", "x"], PNG, /for xai model "grok-3-mini"/],
    [
      ["--provider", "xai", "--model", "grok-4", "--attach-type", "application/pdf", "x"],
      "%PDF-",
      /application\/pdf for xai/,
    ],
    [["--provider", "gemini", "--attach-type", "auto", "x"], gif, /image\/gif for gemini/],
    [["--provider", "mock", "--attach-type", "image/png", "x"], jpeg, /its bytes are image\/jpeg/],
    [["--provider", "mock", "--attach-type", "auto", "x"], "just text", /Cannot detect the type/],
    [["--provider", "mock", "--attach-type", "auto", "x"], "", /it is empty/],
    [["--provider", "mock", "--attach-type", "auto"], PNG, /needs the prompt as arguments/],
  ];
  for (const [args, stdin, pattern] of cases) {
    const result = await runInProcess(["ask", ...args], { ...workspace, stdin });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.equal(result.stdout, "");
  }
  const bad = await runInProcess(["ask", "--attach-type", "image/tiff", "x"], workspace);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /image\/png.*auto/);
});

Deno.test("the stated cap: 20 MiB are taken, one byte more is refused with the limit in the message", async () => {
  await using workspace = await tempWorkspace();
  const limit = 20 * 1024 * 1024;
  const file = new Uint8Array(limit + 1);
  file.set([0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
  const over = await runInProcess(
    ["ask", "--provider", "mock", "--attach-type", "auto", "-o", "json", "x"],
    { ...workspace, stdin: file },
  );
  assert.equal(over.code, 2, over.stderr);
  assert.match(over.stderr, /larger than the 20 MiB limit of attachments/);
  const at = await runInProcess(
    ["ask", "--provider", "mock", "--attach-type", "auto", "-o", "json", "x"],
    { ...workspace, stdin: file.subarray(0, limit) },
  );
  assert.equal(at.code, 0, at.stderr);
  assert.equal(JSON.parse(at.stdout).attachment.size, limit);
});

Deno.test("history show names the attachment of a message by type, size and SHA-256", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(
    ["ask", "--provider", "mock", "--attach-type", "image/png", "-o", "json", "describe this"],
    { ...workspace, stdin: PNG },
  );
  assert.equal(result.code, 0, result.stderr);
  const { session_id: id, attachment } = JSON.parse(result.stdout);
  const shown = await runInProcess(["history", "show", id], workspace);
  assert.equal(shown.code, 0, shown.stderr);
  assert.ok(
    shown.stdout.includes(
      `describe this\n[attachment: image/png, ${attachment.size} bytes, sha256 ${attachment.sha256}]`,
    ),
    shown.stdout,
  );
  assertNoCanary({ shown: shown.stdout }, [CANARY]);
});

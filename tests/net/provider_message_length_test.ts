/**
 * The message of a JSON error body is shortened like any other excerpt of
 * outside text: a server's endless message (a megabyte in one `"message"`)
 * gives one line of at most `JSON_MESSAGE_EXCERPT` characters and `…`,
 * redacted before it is cut, never the whole message on stderr and in the
 * JSON result. Past the excerpt and its read-ahead (`EXCERPT_READ_AHEAD`,
 * 64 KiB) the rest of a message is not read, so a megabyte shows what 5 MB
 * did.
 */
import assert from "node:assert/strict";
import { JSON_MESSAGE_EXCERPT, providerMessage } from "../../src/net/provider_message.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const KEY = openaiProjectKey("MESSAGELENGTH");

const SHAPES: Record<string, (message: string) => unknown> = {
  "error.message": (message) => ({ error: { message } }),
  "message": (message) => ({ message }),
  "error as a string": (message) => ({ error: message }),
  "detail": (message) => ({ detail: message }),
  "a list of errors": (message) => [{ error: { message } }],
};

for (const [name, shape] of Object.entries(SHAPES)) {
  Deno.test(`providerMessage: a huge ${name} is cut to one short line`, () => {
    const message = providerMessage(JSON.stringify(shape(`bad ${"m ".repeat(500_000)}`)))!;
    assert.ok(message.length <= JSON_MESSAGE_EXCERPT + 1, `${message.length} characters`);
    assert.ok(message.startsWith("bad m m"), message.slice(0, 40));
    assert.ok(message.endsWith("…"));
    assert.ok(!/[\r\n]/.test(message));
  });
}

Deno.test("providerMessage: a key at every offset around the cut is masked whole, never in part", () => {
  for (let offset = JSON_MESSAGE_EXCERPT - 40; offset <= JSON_MESSAGE_EXCERPT + 4; offset++) {
    const text = `${"w".repeat(offset)} ${KEY} tail ${"t".repeat(2000)}`;
    const message = providerMessage(JSON.stringify({ error: { message: text } }))!;
    assert.ok(message.length <= JSON_MESSAGE_EXCERPT + 1, `${message.length} characters`);
    for (let start = 8; start + 12 <= KEY.length; start += 6) {
      assert.ok(!message.includes(KEY.slice(start, start + 12)), `offset ${offset}`);
    }
  }
});

Deno.test("providerMessage: a message shorter than the limit is kept whole", () => {
  const text = "This model's maximum context length is 128000 tokens. ".repeat(10).trim();
  assert.equal(providerMessage(JSON.stringify({ error: { message: text } })), text);
});

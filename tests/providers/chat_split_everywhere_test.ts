/**
 * omn's own chat clients read a reply split at every byte offset the same
 * as the AI SDK does, for bodies that mix the event-stream features a server
 * may use: CRLF, CR or LF line ends, a BOM, comments, `event:`, `id:` and
 * `retry:` fields, `data:` without a space, data over two lines, multi-byte
 * characters (split inside them too), an empty first delta, usage and
 * `[DONE]`. The other differential tests split bodies into equal pieces of
 * 1 to 7 bytes; these cut each body once at each offset, and a BOM or a
 * line end falls on each side of a cut.
 */
import assert from "node:assert/strict";
import {
  chunk,
  type Flavor,
  outcomeOf,
  streamReply,
  USAGE_CHUNK,
} from "./_openai_chat_differential.ts";

function body(eol: string): string {
  const first = JSON.stringify(chunk({ role: "assistant", content: "" }));
  const text = JSON.stringify(chunk({ content: "hé 🎉" }));
  const split = text.indexOf(",");
  return [
    `\uFEFF: keep-alive${eol}${eol}`,
    `event: message${eol}id: 1${eol}retry: 50${eol}data:${first}${eol}${eol}`,
    `data: ${text.slice(0, split + 1)}${eol}data: ${text.slice(split + 1)}${eol}${eol}`,
    `data: ${JSON.stringify(chunk({}, { finish_reason: "stop" }))}${eol}${eol}`,
    `data: ${JSON.stringify(USAGE_CHUNK)}${eol}${eol}`,
    `data: [DONE]${eol}${eol}`,
  ].join("");
}

const CASES: [string, string, Flavor][] = [
  ["CRLF", "\r\n", "openai"],
  ["LF", "\n", "compatible"],
  ["CR", "\r", "ollama"],
];

for (const [name, eol, flavor] of CASES) {
  Deno.test(`${flavor}: a ${name} reply cut at every byte reads as the SDK reads it`, async () => {
    const bytes = new TextEncoder().encode(body(eol));
    // The SDK's reading does not depend on where the reads are cut (its parser keeps what it has
    // not ended): it reads the whole body once for the reference, and every 16th cut is checked
    // against it. omn's client is compared with that reference at every cut.
    const reference = await outcomeOf("sdk", streamReply(bytes, []), undefined, undefined, flavor);
    for (let offset = 1; offset < bytes.length; offset++) {
      const reply = streamReply(bytes, [offset]);
      const ours = await outcomeOf("omn", reply, undefined, undefined, flavor);
      assert.deepEqual(ours, reference, `cut at byte ${offset}`);
      if (offset % 16 === 0) {
        const theirs = await outcomeOf("sdk", reply, undefined, undefined, flavor);
        assert.deepEqual(theirs, reference, `the SDK, cut at byte ${offset}`);
      }
      const text = ours.omn.events.map((event) => (event as { text?: string }).text ?? "").join(
        "",
      );
      assert.equal(text, "hé 🎉", `cut at byte ${offset}`);
    }
  });
}

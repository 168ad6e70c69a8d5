import assert from "node:assert/strict";
import { ReplyWriter } from "../../src/chat/reply_writer.ts";
import { anthropicKey } from "../credentials/_canaries.ts";

function sink() {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  return {
    stream: new WritableStream<Uint8Array>({
      write: (chunk) => void chunks.push(decoder.decode(chunk)),
    }),
    text: () => chunks.join(""),
    chunks,
  };
}

Deno.test("ReplyWriter: each reply is released whole when it ends, with one line break", async () => {
  const out = sink();
  const writer = new ReplyWriter(out.stream);
  await writer.write("Hello ");
  await writer.write("world");
  await writer.end();
  assert.equal(out.text(), "Hello world\n");
  await writer.write("ends with a break\n");
  await writer.end();
  await writer.end();
  assert.equal(out.text(), "Hello world\nends with a break\n\n", "an empty reply is an empty line");
  await writer.close();
});

Deno.test("ReplyWriter: a secret split across pieces is masked", async () => {
  const out = sink();
  const writer = new ReplyWriter(out.stream);
  const canary = anthropicKey("REPLY");
  for (let index = 0; index < canary.length; index += 7) {
    await writer.write(canary.slice(index, index + 7));
  }
  await writer.end();
  assert.equal(out.text(), "sk-ant-***\n");
});

Deno.test("ReplyWriter: on a terminal, escape sequences split across pieces are shown, not obeyed", async () => {
  const hostile = "hi \x1b]52;c;cHduZWQ=\x07 \x1b[2J\x9b1A\rX";
  for (const terminal of [true, false]) {
    const out = sink();
    const writer = new ReplyWriter(out.stream, { terminal });
    for (const character of hostile) await writer.write(character);
    await writer.end();
    assert.equal(
      out.text(),
      terminal ? "hi ^[]52;c;cHduZWQ=^G ^[[2JM-^[1A^MX\n" : `${hostile}\n`,
    );
  }
});

/**
 * The look-ahead before the first output keeps no chunk: text-less chunks
 * (`"content":""`, usage only, role only) are applied to the stream's state
 * as they come, so endless ones hold a counter, not memory.
 */
import assert from "node:assert/strict";
import { lookAhead } from "../../src/providers/openai_chat_look_ahead.ts";
import { OpenAIChatStreamState } from "../../src/providers/openai_chat_stream.ts";
import { chunk, USAGE_CHUNK } from "./_openai_chat_differential.ts";

/** Events: `count` text-less chunks of each kind in turn, then `last` (if any); counts what was read. */
function textLess(count: number, last?: object) {
  const kinds = [
    JSON.stringify(chunk({ content: "" })),
    JSON.stringify(USAGE_CHUNK),
    JSON.stringify(chunk({ role: "assistant" })),
  ];
  let read = 0;
  return {
    next: () => {
      if (read < count) return Promise.resolve(kinds[read++ % kinds.length]);
      if (read === count && last !== undefined) {
        read++;
        return Promise.resolve(JSON.stringify(last));
      }
      return Promise.resolve(undefined);
    },
    read: () => read,
  };
}

// What is kept is asserted by its shape (a counter and the last chunk), not by a measure of
// memory: 30 000 chunks show it as 300 000 did, at a tenth of the work.
Deno.test("look-ahead: 30 000 text-less chunks leave one counter and the chunk that stopped it", async () => {
  const events = textLess(30_000, chunk({ content: "Hi" }));
  const state = new OpenAIChatStreamState();
  const ahead = await lookAhead(events.next, state, () => {
    throw new Error("no tool calls here");
  });
  assert.equal(events.read(), 30_001);
  // Every third chunk is `"content":""`: the SDK hands each on as an empty text delta.
  assert.equal(ahead.emptyTexts, 10_000);
  assert.deepEqual(ahead.stop, { success: true, value: chunk({ content: "Hi" }) });
  assert.deepEqual(Object.keys(ahead).sort(), ["emptyTexts", "stop"], "nothing else is kept");
  // The usage-only chunks were applied as they came.
  const finish = state.finish() as { usage: { outputTokens: { total?: number } } };
  assert.equal(finish.usage.outputTokens.total, 7);
});

Deno.test("look-ahead: an error frame or an unreadable chunk stops it; the end of the reply too", async () => {
  const frame = { error: { message: "overloaded", type: "server_error" } };
  const state = new OpenAIChatStreamState();
  const sink = () => {};
  const onFrame = await lookAhead(textLess(10, frame).next, state, sink);
  assert.deepEqual(onFrame.stop, { success: true, value: frame });
  assert.equal(onFrame.emptyTexts, 4);
  const ended = await lookAhead(textLess(5).next, state, sink);
  assert.deepEqual(ended, { emptyTexts: 2, stop: undefined });
  let sent = false;
  const unreadable = await lookAhead(
    () => Promise.resolve(sent ? undefined : (sent = true, "{not json")),
    state,
    sink,
  );
  assert.equal(unreadable.stop?.success, false);
});

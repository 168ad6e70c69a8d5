import assert from "node:assert/strict";
import { createMockModel, mockReply } from "../../src/providers/mock.ts";
import type { ModelEvent } from "../../src/providers/language_model.ts";
import { ProviderError } from "../../src/core/errors.ts";

async function collect(iterable: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

Deno.test("mock-1 streams its deterministic reply in several chunks, then usage", async () => {
  const request = { messages: [{ role: "user" as const, content: "one two three" }] };
  const events = await collect(createMockModel("mock-1").stream(request));
  const deltas = events.filter((event) => event.type === "text-delta");
  assert.ok(deltas.length > 5);
  assert.equal(deltas.map((event) => event.text).join(""), mockReply(request));
  const finish = events.at(-1);
  assert.deepEqual(finish, {
    type: "finish",
    finishReason: "stop",
    usage: {
      inputTokens: 4,
      outputTokens: Math.ceil(mockReply(request).length / 4),
      cachedInputTokens: 0,
    },
  });
});

Deno.test("mock-1 stops at maxTokens with finish reason length", async () => {
  const events = await collect(
    createMockModel("mock-1").stream({ messages: [{ role: "user", content: "hi" }], maxTokens: 5 }),
  );
  const finish = events.at(-1);
  assert.equal(finish?.type, "finish");
  assert.equal(finish?.type === "finish" && finish.finishReason, "length");
  assert.ok(finish?.type === "finish" && finish.usage.outputTokens <= 5);
});

Deno.test("mock-error fails after its first chunk", async () => {
  const seen: ModelEvent[] = [];
  await assert.rejects(async () => {
    for await (
      const event of createMockModel("mock-error").stream({
        messages: [{ role: "user", content: "x" }],
      })
    ) {
      seen.push(event);
    }
  }, ProviderError);
  assert.equal(seen.length, 1);
});

/**
 * The fast reader of chat chunks accepts only chunks the AI SDK's schema
 * accepts, and reads from them what the schema's reading gives: checked over
 * every field of a full chunk set to values of every JSON type (and dropped),
 * one at a time.
 */
import assert from "node:assert/strict";
import { readChunk, readChunkFast } from "../../src/providers/openai_chat_chunk.ts";
import { readChunkExactly } from "../../src/providers/openai_chat_chunk_exact.ts";
import { convertOpenAIChatUsage } from "../../src/providers/openai_chat_stream.ts";
import type { ChatChunk } from "../../src/providers/openai_chat_chunk.ts";

const FULL = {
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{
    index: 0,
    delta: { role: "assistant", content: "Hi", refusal: null },
    logprobs: null,
    finish_reason: "stop",
  }],
  usage: {
    prompt_tokens: 1,
    completion_tokens: 2,
    total_tokens: 3,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: null },
    completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: null },
  },
};

const REPLACEMENTS: unknown[] = [
  null,
  "text",
  "",
  0,
  -1.5,
  true,
  [],
  [1],
  {},
  { a: 1 },
  "assistant",
];
const DROP = Symbol("drop");

/** Every path to a value in the object (arrays by index). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
}

function withValue(path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(FULL) as Record<string | number, unknown>;
  if (path.length === 0) return replacement;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (replacement === DROP) delete node[path.at(-1)!];
  else node[path.at(-1)!] = replacement;
  return copy;
}

/** What omn reads of a chunk. */
function read(value: unknown) {
  const chunk = value as ChatChunk;
  const choice = chunk.choices?.[0];
  return {
    isChunk: Array.isArray(chunk.choices),
    content: choice?.delta?.content,
    refusal: choice?.delta?.refusal,
    toolCalls: choice?.delta?.tool_calls,
    finish: choice?.finish_reason,
    usage: convertOpenAIChatUsage(chunk.usage).inputTokens,
    output: convertOpenAIChatUsage(chunk.usage).outputTokens,
    choices: chunk.choices?.length,
  };
}

Deno.test("the fast reader accepts only what the SDK's schema accepts, and reads it alike", async () => {
  let accepted = 0;
  let refused = 0;
  for (const path of paths(FULL)) {
    for (const replacement of [...REPLACEMENTS, DROP]) {
      if (path.length === 0 && replacement === DROP) continue;
      const data = JSON.stringify(withValue(path, replacement));
      const fast = readChunkFast(data);
      const exact = await readChunkExactly(data);
      if (fast === undefined) {
        refused++;
        continue;
      }
      accepted++;
      assert.ok(exact.success, `fast accepted what the schema refuses: ${data}`);
      assert.ok(fast.success);
      assert.deepEqual(read(fast.value), read(exact.value), data);
      assert.deepEqual(await readChunk(data), fast);
    }
  }
  assert.ok(accepted > 50 && refused > 50, `${accepted} accepted, ${refused} refused`);
});

Deno.test("what the fast reader leaves is read the SDK's way: errors are the SDK's", async () => {
  for (const data of ["{", '{"choices":"none"}', '{"error":{"message":"m"}}', '{"__proto__":{}}']) {
    assert.equal(readChunkFast(data), undefined);
    assert.deepEqual(await readChunk(data), await readChunkExactly(data));
  }
  const notJson = await readChunk("{");
  assert.ok(!notJson.success && (notJson.error as Error).name === "AI_JSONParseError");
  const wrong = await readChunk('{"choices":"none"}');
  assert.ok(!wrong.success && (wrong.error as Error).name === "AI_TypeValidationError");
});

/**
 * The fast reader of OpenAI-compatible chunks accepts only chunks the
 * package's schema accepts, and reads from them what the schema's reading
 * gives: checked over every field of a full chunk set to values of every
 * JSON type (and dropped), one at a time.
 */
import assert from "node:assert/strict";
import {
  type CompatibleChunk,
  readCompatibleChunk,
  readCompatibleChunkFast,
} from "../../src/providers/compatible_chat_chunk.ts";
import { readCompatibleChunkExactly } from "../../src/providers/compatible_chat_chunk_exact.ts";
import { convertCompatibleUsage } from "../../src/providers/compatible_chat_stream.ts";

const FULL = {
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "llama3.2",
  choices: [{
    index: 0,
    delta: {
      role: "assistant",
      content: "Hi",
      refusal: null,
      reasoning_content: "r",
      reasoning: null,
    },
    finish_reason: "stop",
  }],
  usage: {
    prompt_tokens: 1,
    completion_tokens: 2,
    total_tokens: 3,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: null },
  },
};

const REPLACEMENTS: unknown[] = [
  null,
  "text",
  "",
  0,
  2.5,
  false,
  [],
  ["a"],
  {},
  { type: "text" },
  "assistant",
];
const DROP = Symbol("drop");

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

function read(value: unknown) {
  const chunk = value as CompatibleChunk;
  const choice = chunk.choices?.[0];
  const refusal = choice?.delta?.refusal;
  return {
    isError: "error" in chunk,
    content: choice?.delta?.content,
    refusal: typeof refusal === "string" ? refusal : undefined,
    toolCalls: choice?.delta?.tool_calls,
    finish: choice?.finish_reason,
    usage: convertCompatibleUsage(chunk.usage).inputTokens,
    output: convertCompatibleUsage(chunk.usage).outputTokens,
    choices: chunk.choices?.length,
  };
}

Deno.test("the compatible fast reader accepts only what the package's schema accepts, and reads it alike", async () => {
  let accepted = 0;
  let refused = 0;
  for (const path of paths(FULL)) {
    for (const replacement of [...REPLACEMENTS, DROP]) {
      if (path.length === 0 && replacement === DROP) continue;
      const data = JSON.stringify(withValue(path, replacement));
      const fast = readCompatibleChunkFast(data);
      const exact = await readCompatibleChunkExactly(data);
      if (fast === undefined) {
        refused++;
        continue;
      }
      accepted++;
      assert.ok(exact.success, `fast accepted what the schema refuses: ${data}`);
      assert.ok(fast.success);
      assert.deepEqual(read(fast.value), read(exact.value), data);
      assert.deepEqual(await readCompatibleChunk(data), fast);
    }
  }
  assert.ok(accepted > 50 && refused > 30, `${accepted} accepted, ${refused} refused`);
});

Deno.test("an error key, a content list or a prototype key is read the package's way", async () => {
  for (
    const data of [
      '{"choices":[],"error":{"message":"m"}}',
      '{"choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}',
      '{"__proto__":{},"choices":[]}',
      "{",
    ]
  ) {
    assert.equal(readCompatibleChunkFast(data), undefined);
    assert.deepEqual(await readCompatibleChunk(data), await readCompatibleChunkExactly(data));
  }
});

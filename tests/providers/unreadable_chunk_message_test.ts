/**
 * A reply chunk the schema refuses (a count as a string, an index that is
 * not a number, an unknown role, content that is a number) is reported by
 * omn's chat clients (OpenAI, custom endpoints, Ollama) as one short line
 * naming the provider, the field and the reason, never the SDK's message,
 * which quotes the whole chunk and dumps every issue of the schema; the
 * text already received stays, and the canary key in the chunk never
 * appears.
 */
import assert from "node:assert/strict";
import { unreadableChunkProblem } from "../../src/providers/unreadable_chunk_message.ts";
import {
  chunk,
  DIFFERENTIAL_KEY,
  type Flavor,
  omnStreamOf,
  providerOf,
  sse,
  streamReply,
} from "./_openai_chat_differential.ts";

const CHUNKS: [string, object, string][] = [
  [
    "a token count as a string",
    { choices: [], usage: { prompt_tokens: "5", note: DIFFERENTIAL_KEY } },
    "usage.prompt_tokens: Invalid input: expected number, received string",
  ],
  [
    "a token count that is an object",
    { choices: [], usage: { completion_tokens: { key: DIFFERENTIAL_KEY } } },
    "usage.completion_tokens: Invalid input: expected number, received object",
  ],
  [
    "text that is a number",
    { choices: [{ index: 0, delta: { content: 5, refusal: DIFFERENTIAL_KEY } }] },
    "choices.0.delta.content: Invalid input",
  ],
  [
    "choices that are not a list",
    { choices: { text: DIFFERENTIAL_KEY } },
    "choices: Invalid input: expected array, received object",
  ],
];

async function failure(flavor: Flavor, bad: object) {
  const fetch = ((request: Request) =>
    Promise.resolve(
      streamReply(sse(chunk({ content: "Hi " }), bad, "[DONE]"))(request),
    )) as typeof globalThis.fetch;
  const { events, error } = await omnStreamOf(flavor, fetch, "m");
  if (error === undefined) throw new Error("the reply did not fail");
  return { events, error };
}

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const [name, bad, problem] of CHUNKS) {
    Deno.test(`${flavor}: a chunk with ${name} is one line naming the field`, async () => {
      const { events, error } = await failure(flavor, bad);
      assert.equal(error.constructor.name, "ProviderError");
      assert.ok(
        error.message.startsWith(
          `${providerOf(flavor)}: the reply stream carried a chunk omn cannot read (`,
        ),
        error.message,
      );
      assert.ok(error.message.includes(problem), error.message);
      assert.doesNotMatch(error.message, /Value:|\[object Object\]|undefined|\n|"code"/);
      assert.ok(error.message.length <= 300, error.message);
      assert.ok(!error.message.includes(DIFFERENTIAL_KEY.slice(10, 40)));
      assert.equal((events[0] as { text?: string }).text, "Hi ");
    });
  }
}

Deno.test("unreadableChunkProblem: no schema issues, no problem to name", () => {
  assert.equal(unreadableChunkProblem(new Error("x")), undefined);
  assert.equal(unreadableChunkProblem(new Error("x", { cause: { issues: [] } })), undefined);
  assert.equal(unreadableChunkProblem("text"), undefined);
  assert.equal(
    unreadableChunkProblem(
      new Error("x", { cause: { issues: [{ path: [], message: "Invalid input" }] } }),
    ),
    "Invalid input",
  );
});

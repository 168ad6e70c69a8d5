/**
 * omn asks for no tools, but a server may stream tool-call deltas anyway;
 * the SDK's tracker (and the compatible client's buffer of arguments that
 * wait for a name) keep every character of them. omn's chat clients (OpenAI,
 * custom endpoints, Ollama) stop such a reply at `MAX_TOOL_CALL_CHARACTERS`
 * of tool-call data with a one-line provider error, having read little more
 * than that: endless arguments, arguments that never get a name, or endless
 * distinct calls cannot grow memory without bound (measured before: 15 s of
 * them grew omn to 560-930 MB). The text before them stays.
 */
import assert from "node:assert/strict";
import {
  MAX_TOOL_CALL_CHARACTERS,
  ToolCallBudget,
  ToolCallsTooLargeError,
} from "../../src/providers/tool_call_budget.ts";
import {
  answeringWith,
  chunk,
  DIFFERENTIAL_KEY,
  type Flavor,
  omnStreamOf,
  providerOf,
  sse,
} from "./_openai_chat_differential.ts";

const PIECE = 64 * 1024;
const CAP = 64 * 1024 * 1024;

/** A reply: text, then tool-call chunks made by `call(n)` up to `CAP` bytes, counting what was read. */
function toolCallFlood(call: (n: number) => object) {
  const encoder = new TextEncoder();
  let sent = 0;
  let n = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        return controller.enqueue(encoder.encode(sse(chunk({ content: "Hi " }))));
      }
      if (sent >= CAP) {
        return controller.close();
      }
      let text = "";
      while (text.length < PIECE) text += sse(chunk({ tool_calls: [call(n++)] }));
      const bytes = encoder.encode(text);
      sent += bytes.length;
      controller.enqueue(bytes);
    },
  }, { highWaterMark: 0 });
  return { body, sent: () => sent };
}

const ARGUMENTS = "a".repeat(2000);
const FLOODS: Record<string, (n: number) => object> = {
  "one named call with endless arguments": (n) =>
    n === 0
      ? { index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }
      : { index: 0, function: { arguments: ARGUMENTS } },
  "arguments that never get a name": () => ({ index: 0, function: { arguments: ARGUMENTS } }),
  "endless distinct named calls": (n) => ({
    index: n,
    id: `call_${n}`,
    type: "function",
    function: { name: `f${n}`, arguments: "{}" },
  }),
};

function run(flavor: Flavor, body: ReadableStream<Uint8Array>) {
  return omnStreamOf(flavor, answeringWith(body));
}

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const [name, call] of Object.entries(FLOODS)) {
    Deno.test(`${flavor}: a reply of ${name} stops at the tool-call limit`, async () => {
      const flood = toolCallFlood(call);
      const { events, error } = await run(flavor, flood.body);
      assert.ok(
        flood.sent() <= 4 * MAX_TOOL_CALL_CHARACTERS + PIECE,
        `read ${flood.sent()} bytes`,
      );
      assert.ok(error !== undefined, "the reply did not fail");
      assert.equal(error.constructor.name, "ProviderError");
      // OpenAI's tracker refuses a first delta without a name at once (the SDK's error).
      const expected = flavor === "openai" && name === "arguments that never get a name"
        ? `${providerOf(flavor)}: Expected 'function.name' to be a string.`
        : `${providerOf(flavor)}: Cannot read the reply stream: its tool calls exceeded ` +
          `${MAX_TOOL_CALL_CHARACTERS} characters (omn asks for no tools); the server did not send a normal chat reply`;
      assert.equal(error.message, expected);
      assert.equal((events[0] as { text?: string }).text, "Hi ");
      assert.ok(!error.message.includes(DIFFERENTIAL_KEY));
    });
  }
}

Deno.test("ToolCallBudget: counts ids, names and arguments, and a few characters a delta", () => {
  const budget = new ToolCallBudget(200);
  budget.add({ id: "x".repeat(40), function: { name: "n", arguments: "y".repeat(40) } });
  assert.throws(
    () => budget.add({ function: { arguments: "z".repeat(20) } }),
    ToolCallsTooLargeError,
  );
  const many = new ToolCallBudget(200);
  assert.throws(() => {
    for (let index = 0; index < 100; index++) many.add({ index, function: {} });
  }, ToolCallsTooLargeError);
});

Deno.test("the tool-call limit is 1 MiB of characters", () => {
  assert.equal(MAX_TOOL_CALL_CHARACTERS, 1024 * 1024);
});

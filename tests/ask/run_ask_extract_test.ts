import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { NoCodeBlockError } from "../../src/ask/reply_extraction.ts";
import { exitCodeOf } from "../../src/core/errors.ts";
import type { LanguageModel, ModelEvent } from "../../src/providers/language_model.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const FENCE = "```";
const REPLY = `Try this:\n\n${FENCE}sh\necho one\n${FENCE}\n\nor\n\n${FENCE}\necho two\n${FENCE}\n`;

/** A model that streams `reply` in pieces of three characters, and tells what it sent so far. */
function scriptedModel(reply: string, seen: string[] = []): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      for (const piece of reply.match(/.{1,3}/gs) ?? []) {
        seen.push(piece);
        yield { type: "text-delta", text: piece };
      }
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 9, cachedInputTokens: 0 },
      };
    },
  };
}

async function run(
  extract: AskOptions["extract"],
  output: AskOptions["output"],
  options: { reply?: string; stream?: boolean } = {},
) {
  const context = memoryContext();
  let error: unknown;
  try {
    await runAsk(
      { words: ["q"], output, stream: options.stream ?? true, onSecret: "redact", extract },
      {
        io: context.io,
        model: scriptedModel(options.reply ?? REPLY),
        now: () => 0,
        sessionId: "s",
      },
    );
  } catch (caught) {
    error = caught;
  }
  await context.io.close();
  return { stdout: context.stdout(), stderr: context.stderr(), error };
}

Deno.test("text: -x prints only the first block, streamed or not; --extract-last the last", async () => {
  for (const stream of [true, false]) {
    assert.equal((await run("first", "text", { stream })).stdout, "echo one\n");
    assert.equal((await run("last", "text", { stream })).stdout, "echo two\n");
  }
});

Deno.test("text: the first block is printed while the reply still streams", async () => {
  const context = memoryContext();
  const seen: string[] = [];
  const writes: { text: string; seenBefore: number }[] = [];
  const write = context.io.write.bind(context.io);
  context.io.write = (text: string) => {
    if (text !== "") writes.push({ text, seenBefore: seen.join("").length });
    return write(text);
  };
  await runAsk(
    { words: ["q"], output: "text", stream: true, onSecret: "redact", extract: "first" },
    {
      io: context.io,
      model: scriptedModel(REPLY, seen),
      now: () => 0,
      sessionId: "s",
    },
  );
  assert.equal(writes.map((write) => write.text).join(""), "echo one\n");
  assert.ok(
    writes[0].seenBefore < REPLY.indexOf(`${FENCE}\n\nor`),
    "printed before the block ended",
  );
});

Deno.test("json: result is the block and reply the whole text; stream-json deltas stay whole", async () => {
  const json = JSON.parse((await run("first", "json")).stdout);
  assert.equal(json.result, "echo one\n");
  assert.equal(json.reply, REPLY);
  assert.equal(json.is_error, false);
  const lines = (await run("last", "stream-json")).stdout.trim().split("\n").map((line) =>
    JSON.parse(line)
  );
  const deltas = lines.filter((line) => line.type === "text_delta").map((line) => line.text);
  assert.equal(deltas.join(""), REPLY);
  assert.equal(lines.at(-1).result, "echo two\n");
  assert.equal(lines.at(-1).reply, REPLY);
});

Deno.test("without --extract the result object has no reply field", async () => {
  const json = JSON.parse((await run(undefined, "json")).stdout);
  assert.equal(json.result, REPLY);
  assert.equal("reply" in json, false);
});

Deno.test("no block: exit 1 with a clear message; nothing on stdout in text mode", async () => {
  for (const stream of [true, false]) {
    const text = await run("first", "text", { reply: "No code here.", stream });
    assert.equal(text.stdout, "");
    assert.ok(text.error instanceof NoCodeBlockError);
    assert.equal(exitCodeOf(text.error), 1);
    assert.match(
      (text.error as Error).message,
      /^Cannot extract a code block \(--extract\): the reply holds no fenced code block/,
    );
  }
  for (const output of ["json", "stream-json"] as const) {
    const result = await run("last", output, { reply: "No code here." });
    const last = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    assert.equal(last.is_error, true);
    assert.equal(last.result, "");
    assert.equal(last.reply, "No code here.");
    assert.match(last.error, /--extract-last\): the reply holds no fenced code block/);
    assert.equal(exitCodeOf(result.error), 1);
  }
});

Deno.test("a reply cut inside its block is no block, and says so", async () => {
  const cut = await run("first", "text", {
    reply: `Here:\n${FENCE}sh\nrm -rf /tmp/x`,
    stream: false,
  });
  assert.equal(cut.stdout, "");
  assert.match((cut.error as Error).message, /ended inside one, before its closing fence/);
});

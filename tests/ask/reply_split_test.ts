/**
 * A key in a model's reply, split across the stream's deltas at every
 * position, never reaches any output of any mode whole or in part: ask's
 * text (streamed and `--no-stream`), `json` and `stream-json` (whose deltas,
 * joined, must not give it back), chat (piped and on a terminal), batch
 * results and journal, and the stored conversation.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { runBatch } from "../../src/batch/run_batch.ts";
import { ReplyWriter } from "../../src/chat/reply_writer.ts";
import { createIo } from "../../src/core/io.ts";
import { openAskHistory } from "../../src/ask/ask_history.ts";
import type { LanguageModel, ModelEvent } from "../../src/providers/language_model.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { testSession } from "../chat/_chat_helpers.ts";
import {
  assertNoLeak,
  knownCanaries,
  type LeakCanary,
  patternCanaries,
} from "../security/_leak_checks.ts";

/** A model that streams the given deltas, then finishes. */
function deltaModel(deltas: () => readonly string[]): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(): AsyncIterable<ModelEvent> {
      for (const text of deltas()) if (text !== "") yield { type: "text-delta", text };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

/** The canaries: one known by value (registered as if loaded from the environment), two by pattern. */
function canaries(): LeakCanary[] {
  clearKnownSecrets();
  const [known] = knownCanaries("SPLIT");
  registerSecret(known.value, "MISTRAL_API_KEY");
  return [known, ...patternCanaries("SPLIT")];
}

/**
 * Every split of `your key is KEY ok` into two deltas at a position in or
 * next to the key, and a sample of three-delta splits: a first cut at every
 * third position of the key, the middle delta 1, 2, 5, 13 or 40 characters
 * long in turn (each length at first cuts all along the key).
 */
function splits(canary: LeakCanary): string[][] {
  const reply = `your key is ${canary.value} ok`;
  const start = reply.indexOf(canary.value);
  const end = start + canary.value.length;
  const result: string[][] = [];
  for (let cut = start - 1; cut <= end + 1; cut++) {
    result.push([reply.slice(0, cut), reply.slice(cut)]);
  }
  const gaps = [1, 2, 5, 13, 40];
  for (let first = start; first < end; first += 3) {
    const second = Math.min(first + gaps[((first - start) / 3) % gaps.length], reply.length);
    result.push([reply.slice(0, first), reply.slice(first, second), reply.slice(second)]);
  }
  return result;
}

async function ask(output: AskOptions["output"], stream: boolean, deltas: string[]) {
  const context = memoryContext();
  await runAsk({ words: ["hi"], output, stream, onSecret: "redact" }, {
    io: context.io,
    model: deltaModel(() => deltas),
    now: () => 0,
    sessionId: "s",
  });
  await context.io.close();
  return context.stdout();
}

Deno.test("ask: a key split across deltas reaches no output mode", async () => {
  for (const canary of canaries()) {
    for (const deltas of splits(canary)) {
      const where = `${deltas.map((delta) => delta.length).join("+")}`;
      assertNoLeak(await ask("text", true, deltas), canary, `text ${where}`);
      assertNoLeak(await ask("text", false, deltas), canary, `--no-stream ${where}`);
      const json = await ask("json", true, deltas);
      assertNoLeak(json, canary, `json ${where}`);
      assertNoLeak(JSON.parse(json).result, canary, `json result ${where}`);
      const lines = (await ask("stream-json", true, deltas)).trim().split("\n");
      const events = lines.map((line) => JSON.parse(line));
      const joined = events.filter((event) => event.type === "text_delta")
        .map((event) => event.text).join("");
      assertNoLeak(joined, canary, `joined stream-json deltas ${where}`);
      assertNoLeak(lines.join("\n"), canary, `stream-json ${where}`);
      assertNoLeak(events.at(-1).result, canary, `stream-json result ${where}`);
      assert.match(joined, /^your key is .*\*\*\* ok$/);
    }
  }
  clearKnownSecrets();
});

Deno.test("chat: a key split across deltas reaches neither stdout (piped or terminal) nor the conversation", async () => {
  let current: readonly string[] = [];
  await using test = await testSession({
    model: deltaModel(() => current),
    history: { enabled: false, retentionDays: 30 },
  });
  for (const canary of canaries()) {
    for (const deltas of splits(canary)) {
      current = deltas;
      await test.session.send("hi");
      const reply = test.session.conversation.messages.at(-1)!.content;
      assertNoLeak(reply, canary, "the conversation");
      for (const terminal of [false, true]) {
        const chunks: string[] = [];
        const writer = new ReplyWriter(
          new WritableStream({
            write: (chunk) => void chunks.push(new TextDecoder().decode(chunk)),
          }),
          { terminal },
        );
        for (const delta of deltas) await writer.write(delta);
        await writer.end();
        assertNoLeak(chunks.join(""), canary, `chat stdout (terminal: ${terminal})`);
      }
    }
  }
  await test.context.io.close();
  assertNoLeak(test.context.stdout(), canaries()[0], "chat stdout");
  clearKnownSecrets();
});

Deno.test("batch: a key split across deltas reaches neither the results nor the journal", async () => {
  for (const canary of canaries()) {
    const all = splits(canary);
    let index = 0;
    const journal: string[] = [];
    let stdout = "";
    const decoder = new TextDecoder();
    const io = createIo({
      stdin: new Blob([""]).stream(),
      stdout: new WritableStream({
        write: (chunk) => void (stdout += decoder.decode(chunk, { stream: true })),
      }),
      writeStderr: () => {},
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    }, { quiet: true, verbose: false, color: false });
    await runBatch({ job: "split", ordered: true, concurrency: 1, onSecret: "redact" }, {
      io,
      lines: ReadableStream.from(all.map((_, item) => JSON.stringify({ id: item, prompt: "hi" }))),
      append: (line) => Promise.resolve(void journal.push(line)),
      done: new Set(),
      previousFailures: 0,
      modelFor: () => Promise.resolve({ model: deltaModel(() => all[index++]) }),
      now: () => 0,
    });
    await io.close();
    assert.equal(journal.length, all.length);
    for (const line of journal) {
      assertNoLeak(line, canary, "the journal");
      assert.match(JSON.parse(line).text, /^your key is .*\*\*\* ok$/);
    }
    assertNoLeak(stdout, canary, "stdout");
  }
  clearKnownSecrets();
});

Deno.test("history: a key split across deltas is stored masked", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-split-history-" });
  try {
    for (const canary of canaries()) {
      for (const deltas of splits(canary).filter((_, index) => index % 12 === 0)) {
        const context = memoryContext({ env: { OMNIMANCER_HOME: `${root}/home` } });
        // As `omn ask` does: runAsk streams through the history's model and hands it the reply.
        const history = await openAskHistory({}, context, { version: 1 });
        const reply = await runAsk({
          words: ["hi"],
          output: "text",
          stream: true,
          onSecret: "redact",
        }, {
          io: context.io,
          model: history.wrap(deltaModel(() => deltas)),
          now: () => 0,
          sessionId: history.sessionId,
        });
        await history.save(reply);
        const text = await Deno.readTextFile(
          `${root}/home/conversations/${history.sessionId}.json`,
        );
        assertNoLeak(text, canary, "the stored conversation");
      }
    }
  } finally {
    await Deno.remove(root, { recursive: true });
    clearKnownSecrets();
  }
});

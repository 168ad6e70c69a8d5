import assert from "node:assert/strict";
import { oneReplyModel } from "../_support/one_reply_model.ts";
import { InterruptedError, RefusalError, UsageError } from "../../src/core/errors.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { testModel, testSession } from "./_chat_helpers.ts";
import type { ChatSession, SendOutcome } from "../../src/chat/chat_session.ts";
import { newConversationId } from "../../src/history/conversation_id.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";
import type { LanguageModel, ModelEvent } from "../../src/providers/language_model.ts";
import { recordingModelUsage } from "../../src/usage/record_model_usage.ts";
import { jsonLinesFile } from "../_support/json_lines_file.ts";

const DAY = 24 * 60 * 60 * 1000;

Deno.test("send streams the reply, keeps the exchange and sends it with the next message", async () => {
  const model = testModel();
  await using test = await testSession({ model });
  assert.equal(await test.session.send("first question"), "done");
  assert.equal(await test.session.send("second question"), "done");
  assert.match(
    test.context.stdout(),
    /starting "first question"\. This reply is deterministic\.\n/,
  );
  assert.equal(test.context.stdout().split("\n").length, 3, "one line per reply");
  const request = model.requests[1];
  assert.deepEqual(request.messages.map((message) => message.content.slice(0, 15)), [
    "first question",
    "Hello from the ",
    "second question",
  ]);
  const saved = await test.store.read(test.session.conversation.id);
  assert.equal(saved.messages.length, 4);
  assert.equal(saved.provider, "mock");
  assert.equal(test.session.usage.requests, 2);
});

Deno.test("send masks secrets before sending and saving, and warns; block refuses", async () => {
  const model = testModel();
  const canary = openaiProjectKey("CHAT");
  await using test = await testSession({ model });
  await test.session.send(`my key ${canary}`);
  assert.equal(model.requests[0].messages[0].content, "my key sk-proj-***");
  assert.match(
    test.context.stderr(),
    /warning: Masked secrets in the request before sending \(openai in the prompt\)/,
  );
  const file = await Deno.readTextFile(test.store.pathOf(test.session.conversation.id));
  assert.ok(!file.includes(canary.slice(0, 24)));

  await using blocking = await testSession({ onSecret: "block" });
  await assert.rejects(() => blocking.session.send(`my key ${canary}`), RefusalError);
  assert.equal(blocking.session.conversation.messages.length, 0);
});

Deno.test("send with --on-secret allow sends the secret but saves it masked", async () => {
  const model = testModel();
  const canary = openaiProjectKey("ALLOW");
  await using test = await testSession({ model, onSecret: "allow" });
  await test.session.send(`my key ${canary}`);
  assert.ok(model.requests[0].messages[0].content.includes(canary));
  const file = await Deno.readTextFile(test.store.pathOf(test.session.conversation.id));
  assert.ok(!file.includes(canary.slice(0, 24)));
  assert.match(file, /sk-proj-\*\*\*/);
});

Deno.test("an aborted reply stops at once, even when the model ignores the signal, and is kept", async () => {
  await using test = await testSession({ model: testModel({ stall: true }) });
  const controller = new AbortController();
  const sent = test.session.send("tell me", {
    signal: controller.signal,
    onFirstText: () => controller.abort(),
  });
  assert.equal(await sent, "interrupted");
  assert.equal(test.context.stdout(), "Partial \n");
  const messages = test.session.conversation.messages;
  assert.deepEqual(messages.map((message) => message.content), ["tell me", "Partial "]);
});

Deno.test("turns on one signal leave no abort listener on it (a piped chat's signal lives all session)", async () => {
  await using test = await testSession({ model: testModel() });
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, ...rest: [EventListener, AddEventListenerOptions?]) => {
    if (type === "abort") listeners++;
    add(type, ...rest);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, ...rest: [EventListener, EventListenerOptions?]) => {
    if (type === "abort") listeners--;
    remove(type, ...rest);
  }) as typeof signal.removeEventListener;
  for (let turn = 0; turn < 20; turn++) {
    assert.equal(await test.session.send(`question ${turn}`, { signal }), "done");
  }
  assert.equal(listeners, 0);
  assert.equal(test.session.conversation.messages.length, 40);
});

Deno.test("a turn sent with a signal aborted already is interrupted at once", async () => {
  await using test = await testSession({ model: testModel({ stall: true }) });
  const controller = new AbortController();
  controller.abort();
  assert.equal(await test.session.send("tell me", { signal: controller.signal }), "interrupted");
  assert.equal(test.context.stdout(), "");
});

Deno.test("stopped() waits for an interrupted reply's stream to stop: what it records as it stops lands", async () => {
  // The usage ledger's record and the spend ledger's settle run as the stream stops, after the
  // session moved on; a chat ended by the interruption exited before them.
  const recorded = Promise.withResolvers<void>();
  let records = 0;
  const model: LanguageModel = {
    provider: "mock",
    modelId: "mock-1",
    async *stream(request) {
      try {
        yield { type: "text-delta", text: "Partial " };
        request.signal?.throwIfAborted(); // the connection closed by the signal
        await new Promise(() => {});
      } finally {
        await recorded.promise; // a ledger's lock and write
        records += 1;
      }
    },
  };
  await using test = await testSession({ model });
  const controller = new AbortController();
  const sent = test.session.send("tell me", {
    signal: controller.signal,
    onFirstText: () => controller.abort(),
  });
  assert.equal(await sent, "interrupted", "the session goes on at once");
  assert.equal(records, 0);
  const stopped = test.session.stopped();
  setTimeout(() => recorded.resolve(), 0);
  await stopped;
  assert.equal(records, 1);
});

/**
 * The outcomes the usage ledger records for one turn over a model streaming with `stream`, the
 * turn sent by `send`, which must end it interrupted.
 */
async function recordedOutcomes(
  stream: LanguageModel["stream"],
  send: (session: ChatSession) => Promise<SendOutcome>,
): Promise<unknown[]> {
  const dir = await Deno.makeTempDir();
  try {
    const model = recordingModelUsage({ provider: "mock", modelId: "mock-1", stream }, {
      dir,
      key: "none",
      host: null,
    });
    await using test = await testSession({ model });
    assert.equal(await send(test.session), "interrupted");
    await test.session.stopped();
    return (await jsonLinesFile(`${dir}/usage.jsonl`)).map((line) => line.outcome);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an interrupted reply's request is recorded as interrupted, not ok, whenever the stream stops", async () => {
  // The stream is stopped with the interruption thrown into it: the usage ledger's wrapper sees
  // why it ended (a `return()` looked like a finished request). Whether the model heeds the
  // signal or not.
  for (const heeds of [false, true]) {
    const outcomes = await recordedOutcomes(async function* (request) {
      for (;;) {
        yield { type: "text-delta", text: "Partial " };
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (heeds) request.signal?.throwIfAborted();
      }
    }, (session) => {
      const controller = new AbortController();
      return session.send("tell me", {
        signal: controller.signal,
        onFirstText: () => controller.abort(new InterruptedError("interrupted")), // as Ctrl-C does
      });
    });
    assert.deepEqual(outcomes, ["InterruptedError"], `heeds: ${heeds}`);
  }
});

/** Waits as a network read does: fails with the signal's reason when it aborts (as fetch does). */
function networkWait(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

Deno.test("a stop that comes while the provider waits on the network is recorded as interrupted, whatever error it fails with", async () => {
  // The provider heeds the signal first and fails with its reason: a DOMException when aborted
  // without one, which a provider may wrap in its own error. The stream is never at a yield to
  // have the interruption thrown in.
  for (const reason of [undefined, new InterruptedError("interrupted")]) {
    for (const firstWait of [200, 0]) {
      const outcomes = await recordedOutcomes(async function* (request) {
        await networkWait(firstWait, request.signal);
        for (;;) {
          yield { type: "text-delta", text: "Partial " };
          await networkWait(200, request.signal).catch((error) => {
            throw new Error("the provider's own error", { cause: error });
          });
        }
      }, (session) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(reason), 50);
        return session.send("tell me", { signal: controller.signal });
      });
      assert.deepEqual(
        outcomes,
        ["InterruptedError"],
        `reason ${reason?.name}, first wait ${firstWait} ms`,
      );
    }
  }
});

Deno.test("a stopped stream is closed even when its throw fails at once, or it catches what is thrown in", async () => {
  // Review: a throw() that threw made send() reject; a stream that caught the stop went on open.
  let closedHandWritten = false;
  const handWritten: LanguageModel = {
    provider: "mock",
    modelId: "mock-1",
    stream: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false, value: { type: "text-delta", text: "x " } }),
        throw(error: unknown): Promise<IteratorResult<ModelEvent>> {
          throw error;
        },
        return: () => {
          closedHandWritten = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    }),
  };
  let finished = false;
  let yields = 0;
  const catching: LanguageModel = {
    provider: "mock",
    modelId: "mock-1",
    async *stream() {
      try {
        for (let index = 0; index < 5; index++) {
          try {
            yields++;
            yield { type: "text-delta", text: "x " };
          } catch {
            // goes on
          }
        }
      } finally {
        finished = true;
      }
    },
  };
  for (const model of [handWritten, catching]) {
    await using test = await testSession({ model });
    const controller = new AbortController();
    const sent = test.session.send("tell me", {
      signal: controller.signal,
      onFirstText: () => controller.abort(new InterruptedError("interrupted")),
    });
    assert.equal(await sent, "interrupted");
    await test.session.stopped();
  }
  assert.equal(closedHandWritten, false, "a throw that failed ended the stream: nothing to close");
  assert.ok(finished, "the stream that caught the stop was closed");
  assert.equal(yields, 2, "after the stop it yielded once more, then was closed");
});

Deno.test("a reply aborted before it starts keeps nothing", async () => {
  await using test = await testSession();
  const controller = new AbortController();
  controller.abort();
  assert.equal(await test.session.send("tell me", { signal: controller.signal }), "interrupted");
  assert.equal(test.session.conversation.messages.length, 0);
  assert.equal(test.context.stdout(), "");
});

Deno.test("a failing model ends the partial reply with a line break and throws; nothing is saved", async () => {
  const { createMockModel } = await import("../../src/providers/mock.ts");
  await using test = await testSession({ model: createMockModel("mock-error") });
  await assert.rejects(() => test.session.send("hi"), /failed on purpose/);
  assert.equal(test.context.stdout(), "Hello \n");
  assert.equal(test.session.conversation.messages.length, 0);
  assert.equal(await test.store.exists(test.session.conversation.id), false);
});

Deno.test("a reply cut at --max-tokens inside a key shows and keeps no part of it", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("CHATMAX");
  registerSecret(known.value, "MISTRAL_API_KEY");
  const model = oneReplyModel(`the key is ${known.value.slice(0, 12)}`, "length");
  await using test = await testSession({ model });
  await test.session.send("hi");
  const file = await Deno.readTextFile(test.store.pathOf(test.session.conversation.id));
  for (const [where, text] of [["stdout", test.context.stdout()], ["the history", file]]) {
    const part = leakedPart(text, known);
    if (part !== undefined) assert.fail(`reached ${where}: "${part}"`);
  }
  assert.match(test.context.stdout(), /the key is \*\*\*/);
  clearKnownSecrets();
});

Deno.test("history off: nothing is written", async () => {
  await using test = await testSession({ history: { enabled: false, retentionDays: 30 } });
  await test.session.send("hello");
  await assert.rejects(() => Deno.lstat(test.home), Deno.errors.NotFound);
});

Deno.test("/provider and /model switch the model; a failure keeps the current one", async () => {
  await using test = await testSession();
  assert.equal(await test.session.command("provider", "openai"), "continue");
  assert.equal(test.session.model.provider, "openai");
  assert.equal(test.session.model.modelId, "openai-default");
  await test.session.command("model", "gpt-x");
  assert.equal(test.session.model.modelId, "gpt-x");
  assert.deepEqual(test.opened, ["openai/", "openai/gpt-x"]);
  await assert.rejects(() => test.session.command("provider", "nope"));
  assert.equal(test.session.model.provider, "openai");
  assert.match(test.context.stderr(), /Provider openai, model gpt-x/);
});

Deno.test("/system sets and removes the system prompt sent with each message", async () => {
  const model = testModel();
  await using test = await testSession({ model });
  await test.session.command("system", "be brief");
  await test.session.send("one");
  await test.session.command("system", "");
  await test.session.send("two");
  assert.equal(model.requests[0].system, "be brief");
  assert.equal(model.requests[1].system, undefined);
});

Deno.test("/usage adds up the session's requests: one request, then two", async () => {
  await using test = await testSession();
  await test.session.send("one two");
  await test.session.command("usage", "");
  assert.match(test.context.stderr(), /Usage: 1 request, \d+ input tokens/);
  await test.session.send("three");
  await test.session.command("usage", "");
  assert.match(
    test.context.stderr(),
    /Usage: 2 requests, \d+ input tokens \(0 cached\), \d+ output tokens, cost \$0\.000000/,
  );
});

Deno.test("/save names the conversation, /clear starts another, /load goes back to it", async () => {
  const model = testModel();
  await using test = await testSession({ model });
  const unnamed = test.session.conversation.id;
  await test.session.send("remember this");
  await test.session.command("save", "notes");
  assert.equal(test.session.conversation.id, "notes");
  assert.equal(await test.store.exists(unnamed), false, "the unnamed file moved to its name");
  assert.equal((await test.store.read("notes")).messages.length, 2);
  await test.session.command("clear", "");
  assert.equal(test.session.conversation.messages.length, 0);
  await assert.rejects(() => test.session.command("save", "notes"), /exists already/);
  await assert.rejects(() => test.session.command("save", "../evil"), UsageError);
  await test.session.command("load", "notes");
  await test.session.send("and now?");
  assert.equal(model.requests.at(-1)!.messages.length, 3);
  assert.equal((await test.store.read("notes")).messages.length, 4);
  await assert.rejects(() => test.session.command("load", "../../config"), UsageError);
  await assert.rejects(() => test.session.command("load", "missing"), /No conversation/);
});

Deno.test("/save refuses a name in the form of omn's ids with a time after now, which prune would trust", async () => {
  await using test = await testSession();
  await test.session.send("remember this");
  const now = test.context.now();
  // Saved now, its file unchanged from now on: prune would pass it over until 30 days after the
  // time its name claims, 20 days more than the retention.
  const later = newConversationId(new Date(now.getTime() + 20 * DAY));
  await assert.rejects(() => test.session.command("save", later), /after now/);
  assert.equal(await test.store.exists(later), false);
  // The time of an id made at or before now is no later than its file's: such a name is saved.
  const earlier = newConversationId(new Date(now.getTime() - DAY));
  await test.session.command("save", earlier);
  assert.equal(test.session.conversation.id, earlier);
});

Deno.test("/save writes even with history off (it is asked for)", async () => {
  await using test = await testSession({ history: { enabled: false, retentionDays: 30 } });
  await test.session.send("hello");
  await test.session.command("save", "kept");
  assert.equal(await test.store.exists("kept"), true);
});

Deno.test("/help lists the commands; /exit and /quit end; unknown commands are usage errors", async () => {
  await using test = await testSession();
  assert.equal(await test.session.command("help", ""), "continue");
  for (
    const name of ["/provider", "/model", "/system", "/usage", "/save", "/load", "/clear", "/exit"]
  ) {
    assert.ok(test.context.stderr().includes(name), name);
  }
  assert.equal(await test.session.command("exit", ""), "exit");
  assert.equal(await test.session.command("quit", ""), "exit");
  await assert.rejects(() => test.session.command("bogus", ""), /Unknown command "\/bogus"/);
});

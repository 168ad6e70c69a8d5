import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import { openAskHistory } from "../../src/ask/ask_history.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { newConversationId } from "../../src/history/conversation_id.ts";
import type { GenerateRequest, LanguageModel } from "../../src/providers/language_model.ts";
import { createMockModel } from "../../src/providers/mock.ts";
import { memoryContext } from "../cli/_memory_io.ts";

/** The mock model, recording each request. */
function recordingModel(): LanguageModel & { requests: GenerateRequest[] } {
  const mock = createMockModel("mock-1");
  const requests: GenerateRequest[] = [];
  return {
    provider: mock.provider,
    modelId: mock.modelId,
    requests,
    stream(request) {
      requests.push(request);
      return mock.stream(request);
    },
  };
}

async function ask(
  history: Awaited<ReturnType<typeof openAskHistory>>,
  model: LanguageModel,
  prompt: string,
  system?: string,
) {
  const wrapped = history.wrap(model);
  // runAsk hands save the reply it kept; these tests are about what goes around it.
  let reply = "";
  for await (
    const event of wrapped.stream({ system, messages: [{ role: "user", content: prompt }] })
  ) {
    if (event.type === "text-delta") reply += event.text;
  }
  await history.save(reply);
}

async function tempHome() {
  const root = await Deno.makeTempDir({ prefix: "omn-ask-history-" });
  return {
    home: `${root}/home`,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** A conversation created, and last written, 200 days ago: one a prune removes. */
async function oldConversation(home: string) {
  const store = new ConversationStore(home);
  const created = new Date(Date.now() - 200 * 24 * 60 * 60 * 1000);
  const old = newConversation(newConversationId(created), created);
  await store.save(old);
  await Deno.utime(store.pathOf(old.id), created, created);
  return { store, old };
}

Deno.test("ask history: an exchange is saved, and -c sends it before the next prompt", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  const model = recordingModel();
  const first = await openAskHistory({}, context, { version: 1 });
  await ask(first, model, "first question", "be brief");
  const store = new ConversationStore(temp.home);
  const saved = await store.read(first.sessionId);
  assert.equal(saved.messages.length, 2);
  assert.equal(saved.provider, "mock");
  assert.equal(saved.system, "be brief");

  const second = await openAskHistory({ continueLast: true }, context, { version: 1 });
  assert.equal(second.sessionId, first.sessionId);
  assert.equal(second.resumed?.provider, "mock");
  assert.equal(second.modelFor("mock"), "mock-1");
  assert.equal(second.modelFor("openai"), undefined);
  await ask(second, model, "second question");
  const request = model.requests[1];
  assert.deepEqual(request.messages.map((message) => message.role), [
    "user",
    "assistant",
    "user",
  ]);
  assert.equal(request.messages[0].content, "first question");
  assert.equal(request.messages[2].content, "second question");
  assert.equal(request.system, "be brief", "the stored system prompt goes on");
  assert.equal((await store.read(first.sessionId)).messages.length, 4);
});

Deno.test("ask history: --conversation ID continues that one; bad ids and both flags are refused", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  const first = await openAskHistory({}, context, { version: 1 });
  await ask(first, recordingModel(), "one");
  const again = await openAskHistory({ conversation: first.sessionId }, context, { version: 1 });
  assert.equal(again.resumed?.messages.length, 2);
  await assert.rejects(
    () => openAskHistory({ conversation: "../config" }, context, { version: 1 }),
    UsageError,
  );
  await assert.rejects(
    () => openAskHistory({ conversation: "nope" }, context, { version: 1 }),
    /No conversation "nope"/,
  );
  await assert.rejects(
    () => openAskHistory({ continueLast: true, conversation: "x" }, context, { version: 1 }),
    /not both/,
  );
});

Deno.test("ask history: -c with nothing to continue is a usage error", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  await assert.rejects(
    () => openAskHistory({ continueLast: true }, context, { version: 1 }),
    /No conversation to continue/,
  );
});

Deno.test("ask history: --no-history, history false and CI write nothing", async () => {
  await using temp = await tempHome();
  const cases: { flags: { history?: boolean }; env: Record<string, string>; config: Config }[] = [
    { flags: { history: false }, env: {}, config: { version: 1 as const } },
    { flags: {}, env: {}, config: { version: 1 as const, settings: { history: false } } },
    { flags: {}, env: { CI: "true" }, config: { version: 1 as const } },
  ];
  for (const { flags, env, config } of cases) {
    const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home, ...env } });
    await ask(await openAskHistory(flags, context, config), recordingModel(), "hello");
  }
  await assert.rejects(() => Deno.lstat(temp.home), Deno.errors.NotFound);
});

Deno.test("ask history: a run that fails is not saved", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  const history = await openAskHistory({}, context, { version: 1 });
  await assert.rejects(() => ask(history, createMockModel("mock-error"), "hello"));
  await history.save("Hello ");
  await assert.rejects(() => Deno.lstat(temp.home), Deno.errors.NotFound);
});

Deno.test("ask history: the save, then the pruning (an old conversation goes, the new one stays); a save that fails fails it with its own error, and nothing else is written", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  await oldConversation(temp.home);
  const history = await openAskHistory({}, context, { version: 1 });
  await ask(history, createMockModel("mock-1"), "hello");
  const names = () => [...Deno.readDirSync(`${temp.home}/conversations`)].map(({ name }) => name);
  assert.deepEqual(names().filter((name) => name.endsWith(".json")), [`${history.sessionId}.json`]);
  assert.ok(names().includes(".prune-floor"), names().join(" "));

  // A file where the conversations go: the save is refused with its own error.
  await Deno.remove(`${temp.home}/conversations`, { recursive: true });
  await Deno.writeTextFile(`${temp.home}/conversations`, "");
  const next = await openAskHistory({}, context, { version: 1 });
  await assert.rejects(() => ask(next, createMockModel("mock-1"), "again"), /a file has that name/);
  assert.deepEqual(
    [...Deno.readDirSync(temp.home)].map(({ name }) => name),
    ["conversations"],
  );
});

// Review of ca196e6: the save and the pruning ran together, so a save that failed (a full disk,
// here a directory where its file goes) still removed the old conversations.
Deno.test("ask history: a save that fails prunes nothing", async () => {
  await using temp = await tempHome();
  const context = memoryContext({ env: { OMNIMANCER_HOME: temp.home } });
  const { store, old } = await oldConversation(temp.home);
  const history = await openAskHistory({}, context, { version: 1 });
  // Renaming the written file over a directory that is not empty fails.
  await Deno.mkdir(`${store.pathOf(history.sessionId)}/in-the-way`, { recursive: true });
  await assert.rejects(() => ask(history, createMockModel("mock-1"), "hello"));
  assert.ok(await store.exists(old.id), "the old conversation is still there");
  const names = [...Deno.readDirSync(`${temp.home}/conversations`)].map(({ name }) => name);
  assert.deepEqual(names.sort(), [`${history.sessionId}.json`, `${old.id}.json`].sort());
});

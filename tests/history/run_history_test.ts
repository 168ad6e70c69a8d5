import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { inputHistoryPath } from "../../src/history/input_history.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { runHistory } from "../../src/history/run_history.ts";
import { memoryContext } from "../cli/_memory_io.ts";

async function withConversations(ids: string[]) {
  const root = await Deno.makeTempDir({ prefix: "omn-run-history-" });
  const home = `${root}/home`;
  const store = new ConversationStore(home);
  for (const [index, id] of ids.entries()) {
    const conversation = newConversation(id, new Date(Date.UTC(2026, 10, 1 + index)), {
      provider: "mock",
      model: "mock-1",
      system: "be brief",
    });
    conversation.messages.push(
      { role: "user", content: `question ${id}` },
      { role: "assistant", content: `answer ${id}` },
    );
    await store.save(conversation);
  }
  return {
    home,
    store,
    context: () => memoryContext({ env: { OMNIMANCER_HOME: home } }),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

Deno.test("history list: newest first, as text and as JSON", async () => {
  await using temp = await withConversations(["alpha", "beta"]);
  const text = temp.context();
  await runHistory({ verb: "list", json: false }, text);
  await text.io.close();
  const lines = text.stdout().trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(
    lines[0],
    /^beta\t2026-11-02 00:00\t2\tmock\/mock-1\tquestion beta$/,
  );
  const json = temp.context();
  await runHistory({ verb: "list", json: true }, json);
  await json.io.close();
  const summaries = JSON.parse(json.stdout());
  assert.deepEqual(summaries.map((summary: { id: string }) => summary.id), ["beta", "alpha"]);
  assert.deepEqual(Object.keys(summaries[0]).sort(), [
    "created_at",
    "id",
    "messages",
    "model",
    "provider",
    "title",
    "updated_at",
  ]);
});

Deno.test("history list with nothing stored says so on stderr", async () => {
  await using temp = await withConversations([]);
  const context = temp.context();
  await runHistory({ verb: "list", json: false }, context);
  await context.io.close();
  assert.equal(context.stdout(), "");
  assert.match(context.stderr(), /No conversations/);
});

Deno.test("history show: text with each role, or the stored JSON", async () => {
  await using temp = await withConversations(["alpha"]);
  const text = temp.context();
  await runHistory({ verb: "show", id: "alpha", json: false }, text);
  await text.io.close();
  assert.match(text.stdout(), /^conversation alpha\n/);
  assert.match(
    text.stdout(),
    /## system\n\nbe brief\n\n## user\n\nquestion alpha\n\n## assistant\n\nanswer alpha\n$/,
  );
  const json = temp.context();
  await runHistory({ verb: "show", id: "alpha", json: true }, json);
  await json.io.close();
  assert.deepEqual(JSON.parse(json.stdout()), await temp.store.read("alpha"));
  await assert.rejects(
    () => runHistory({ verb: "show", id: "../config", json: false }, temp.context()),
    UsageError,
  );
});

Deno.test("history rm removes the named ones; a bad id removes nothing", async () => {
  await using temp = await withConversations(["alpha", "beta", "gamma"]);
  await assert.rejects(
    () => runHistory({ verb: "rm", ids: ["alpha", "../x"] }, temp.context()),
    UsageError,
  );
  assert.equal(await temp.store.exists("alpha"), true);
  const context = temp.context();
  await runHistory({ verb: "rm", ids: ["alpha", "beta"] }, context);
  assert.match(context.stderr(), /Removed conversation alpha\nRemoved conversation beta/);
  assert.deepEqual((await temp.store.list()).conversations.map((item) => item.id), ["gamma"]);
  await assert.rejects(
    () => runHistory({ verb: "rm", ids: ["alpha"] }, temp.context()),
    /No conversation "alpha"/,
  );
});

Deno.test("history export prints every conversation, or the named ones, as one JSON document", async () => {
  await using temp = await withConversations(["alpha", "beta"]);
  const all = temp.context();
  await runHistory({ verb: "export", ids: [] }, all);
  await all.io.close();
  const document = JSON.parse(all.stdout());
  assert.equal(document.version, 1);
  assert.equal(document.exported_at, "2026-11-29T12:00:00.000Z");
  assert.deepEqual(document.conversations.map((item: { id: string }) => item.id), [
    "beta",
    "alpha",
  ]);
  const one = temp.context();
  await runHistory({ verb: "export", ids: ["alpha"] }, one);
  await one.io.close();
  assert.equal(JSON.parse(one.stdout()).conversations.length, 1);
});

Deno.test("history purge needs --yes, then removes conversations and the input history", async () => {
  await using temp = await withConversations(["alpha", "beta"]);
  await Deno.writeTextFile(inputHistoryPath(temp.home), '"hello"\n', { mode: 0o600 });
  await assert.rejects(
    () => runHistory({ verb: "purge", yes: false, json: false }, temp.context()),
    /--yes/,
  );
  assert.equal(await temp.store.exists("alpha"), true);
  const context = temp.context();
  await runHistory({ verb: "purge", yes: true, json: true }, context);
  await context.io.close();
  assert.deepEqual(JSON.parse(context.stdout()), { removed: 2, input_history_removed: true });
  assert.deepEqual([...Deno.readDirSync(`${temp.home}/conversations`)], []);
  await assert.rejects(() => Deno.lstat(inputHistoryPath(temp.home)), Deno.errors.NotFound);
});

import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const NOW = new Date("2026-11-29T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

async function tempStore(now = () => NOW) {
  const root = await Deno.makeTempDir({ prefix: "omn-history-test-" });
  return {
    root,
    store: new ConversationStore(`${root}/home`, { now }),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

function conversation(id: string, text = "hello") {
  const value = newConversation(id, NOW, { provider: "mock", model: "mock-1" });
  value.messages.push({ role: "user", content: text }, { role: "assistant", content: "hi" });
  return value;
}

const modeOf = async (path: string) => (await Deno.lstat(path)).mode! & 0o777;

Deno.test("save writes one 0600 file per conversation in a 0700 directory, redacted", async () => {
  await using temp = await tempStore();
  const canary = openaiProjectKey("STORE");
  await temp.store.save(conversation("notes", `key ${canary}`));
  const path = `${temp.root}/home/conversations/notes.json`;
  assert.equal(await modeOf(`${temp.root}/home`), 0o700);
  assert.equal(await modeOf(`${temp.root}/home/conversations`), 0o700);
  assert.equal(await modeOf(path), 0o600);
  const text = await Deno.readTextFile(path);
  assert.ok(!text.includes(canary));
  assert.match(text, /key sk-proj-\*\*\*/);
  const read = await temp.store.read("notes");
  assert.equal(read.messages[0].content, "key sk-proj-***");
  assert.deepEqual([...Deno.readDirSync(`${temp.root}/home/conversations`)].length, 1);
});

Deno.test("ids that could leave the directory are refused before any file is touched", async () => {
  await using temp = await tempStore();
  await Deno.mkdir(`${temp.root}/home/conversations`, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(`${temp.root}/home/secret.json`, "{}");
  for (const id of ["../secret", "..", "../../etc/passwd", "a/b", ".x"]) {
    await assert.rejects(() => temp.store.read(id), UsageError);
    await assert.rejects(() => temp.store.save(conversation(id)), UsageError);
    await assert.rejects(() => temp.store.remove(id), UsageError);
    assert.throws(() => temp.store.pathOf(id), UsageError);
  }
  assert.equal(await Deno.readTextFile(`${temp.root}/home/secret.json`), "{}");
});

Deno.test("read: a missing conversation is a usage error naming the list command", async () => {
  await using temp = await tempStore();
  await assert.rejects(() => temp.store.read("nope"), /No conversation "nope".*omn history list/);
  assert.equal(await temp.store.latest(), undefined);
  assert.deepEqual(await temp.store.list(), { conversations: [], warnings: [] });
});

Deno.test("read: a symbolic link or a file others can write is refused", async () => {
  await using temp = await tempStore();
  await temp.store.save(conversation("real"));
  const dir = `${temp.root}/home/conversations`;
  await Deno.symlink(`${dir}/real.json`, `${dir}/link.json`);
  await assert.rejects(() => temp.store.read("link"), RefusalError);
  await Deno.chmod(`${dir}/real.json`, 0o666);
  await assert.rejects(() => temp.store.read("real"), /chmod 600/);
  await Deno.chmod(`${dir}/real.json`, 0o600);
  await Deno.chmod(dir, 0o777);
  await assert.rejects(() => temp.store.save(conversation("other")), /chmod 700/);
});

Deno.test("latest is the conversation changed last; list sorts by update and skips bad files", async () => {
  await using temp = await tempStore();
  const dir = `${temp.root}/home/conversations`;
  const older = conversation("older");
  older.updated_at = "2026-11-01T00:00:00.000Z";
  await temp.store.save(older);
  await temp.store.save(conversation("newer"));
  await Deno.utime(`${dir}/older.json`, new Date(), new Date());
  await Deno.utime(`${dir}/newer.json`, new Date(Date.now() - DAY), new Date(Date.now() - DAY));
  assert.equal((await temp.store.latest())?.id, "older");
  await Deno.writeTextFile(`${dir}/broken.json`, "{", { mode: 0o600 });
  // What a power loss can leave of a write that was not flushed (the store does not flush).
  await Deno.writeTextFile(`${dir}/emptied.json`, "", { mode: 0o600 });
  await Deno.writeTextFile(`${dir}/not an id.json`, "{}", { mode: 0o600 });
  const { conversations, warnings } = await temp.store.list();
  assert.deepEqual(conversations.map((item) => item.id), ["newer", "older"]);
  assert.equal(warnings.length, 2);
  assert.match(warnings.join("\n"), /Skipping conversation "broken"/);
  assert.match(warnings.join("\n"), /Skipping conversation "emptied"/);
  await assert.rejects(temp.store.read("emptied"), /emptied/);
});

Deno.test("prune removes conversations unchanged for longer than the retention, but not the one kept", async () => {
  await using temp = await tempStore(() => new Date());
  const dir = `${temp.root}/home/conversations`;
  for (const id of ["old", "kept", "recent"]) await temp.store.save(conversation(id));
  const old = new Date(Date.now() - 31 * DAY);
  await Deno.utime(`${dir}/old.json`, old, old);
  await Deno.utime(`${dir}/kept.json`, old, old);
  assert.deepEqual(await temp.store.prune(30, { keep: "kept" }), ["old"]);
  assert.equal(await temp.store.exists("old"), false);
  assert.equal(await temp.store.exists("kept"), true);
  assert.equal(await temp.store.exists("recent"), true);
  assert.deepEqual(await temp.store.prune(30), ["kept"]);
});

Deno.test("remove and removeAll", async () => {
  await using temp = await tempStore();
  await temp.store.save(conversation("a"));
  await temp.store.save(conversation("b"));
  assert.equal(await temp.store.remove("a"), true);
  assert.equal(await temp.store.remove("a"), false);
  assert.equal(await temp.store.removeAll(), 1);
  assert.equal(await temp.store.removeAll(), 0);
});

Deno.test({
  name:
    "remove refuses a conversations directory that is a symbolic link, and deletes nothing outside",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    // Deno checks the path as given, so a delete through a linked directory left the config directory.
    await using temp = await tempStore();
    await Deno.mkdir(`${temp.root}/home`, { mode: 0o700 });
    await Deno.mkdir(`${temp.root}/outside`);
    await Deno.writeTextFile(`${temp.root}/outside/victim.json`, "keep\n");
    await Deno.symlink(`${temp.root}/outside`, `${temp.root}/home/conversations`);
    await assert.rejects(temp.store.remove("victim"), RefusalError);
    assert.equal(await Deno.readTextFile(`${temp.root}/outside/victim.json`), "keep\n");
  },
});

Deno.test("save writes a conversation without flushing it to disk (durable: false)", async () => {
  await using temp = await tempStore();
  let flushes = 0;
  const original = Deno.FsFile.prototype.syncSync;
  Deno.FsFile.prototype.syncSync = function (this: Deno.FsFile) {
    flushes++;
    return original.call(this);
  };
  try {
    await temp.store.save(conversation("unflushed"));
  } finally {
    Deno.FsFile.prototype.syncSync = original;
  }
  assert.equal(flushes, 0);
  assert.equal((await temp.store.read("unflushed")).id, "unflushed");
});

import assert from "node:assert/strict";
import { newConversation } from "../../src/history/conversation.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";

const DAY = 24 * 60 * 60 * 1000;

// Many conversations: every file is read, old and recent alike. More than the 64 whose times
// were once read at a time (150 then); each file now takes the same loop (one lstat call each),
// so 70 show what 150 did.
Deno.test("prune and list over 70 conversations: exactly the old ones go, every other stays", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-history-many-" });
  try {
    const store = new ConversationStore(`${root}/home`, { now: () => new Date() });
    const ids = Array.from({ length: 70 }, (_, index) => `c${String(index).padStart(3, "0")}`);
    for (const id of ids) {
      const conversation = newConversation(id, new Date(), { provider: "mock", model: "mock-1" });
      conversation.messages.push({ role: "user", content: id });
      await store.save(conversation);
    }
    const old = new Date(Date.now() - 40 * DAY);
    const expired = ids.filter((_, index) => index % 7 === 3);
    for (const id of expired) {
      await Deno.utime(`${root}/home/conversations/${id}.json`, old, old);
    }
    assert.deepEqual((await store.prune(30)).sort(), expired);
    const { conversations, warnings } = await store.list();
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      conversations.map((conversation) => conversation.id).sort(),
      ids.filter((id) => !expired.includes(id)),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

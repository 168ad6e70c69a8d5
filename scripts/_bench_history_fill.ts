/**
 * Fills a config directory's history with conversations as a month of use
 * leaves it, for `scripts/bench_startup.sh`: COUNT conversations, each
 * created and last changed at a time spread over the last 29 days (inside
 * the default retention of 30), with ids made as `omn ask` makes them.
 *
 * Usage: deno run --allow-read=HOME --allow-write=HOME scripts/_bench_history_fill.ts HOME COUNT
 *
 * @module
 */
import { newConversation } from "../src/history/conversation.ts";
import { newConversationId } from "../src/history/conversation_id.ts";
import { ConversationStore } from "../src/history/conversation_store.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes `count` conversations into the history of `home`. */
export async function fillHistory(home: string, count: number, now = Date.now()): Promise<void> {
  const store = new ConversationStore(home);
  for (let index = 0; index < count; index++) {
    const at = new Date(now - Math.floor((index / count) * 29 * DAY_MS));
    const conversation = newConversation(newConversationId(at), at, {
      provider: "mock",
      model: "mock-1",
    });
    conversation.messages.push(
      { role: "user", content: `question ${index}` },
      { role: "assistant", content: `answer ${index}` },
    );
    await store.save(conversation);
    await Deno.utime(store.pathOf(conversation.id), at, at);
  }
}

if (import.meta.main) {
  const [home, count] = Deno.args;
  if (home === undefined || !/^[0-9]+$/.test(count ?? "")) {
    console.error("Usage: scripts/_bench_history_fill.ts HOME COUNT");
    Deno.exit(2);
  }
  await fillHistory(home, Number(count));
}

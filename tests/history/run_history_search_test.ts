import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { runHistory } from "../../src/history/run_history.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

async function withHistory(fn: (home: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "omn-search-test-" });
  try {
    await fn(`${root}/home`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function search(home: string, text: string, json = false) {
  const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
  await runHistory({ verb: "search", text, json }, context);
  await context.io.close();
  return context;
}

Deno.test("history search reads the stored, redacted conversations: a secret is neither found nor shown", async () => {
  await withHistory(async (home) => {
    const key = openaiProjectKey("search");
    const store = new ConversationStore(home);
    const stored = newConversation("leaky", new Date("2026-11-29T12:00:00Z"));
    stored.messages = [{ role: "user", content: `deploy with key ${key} today` }];
    await store.save(stored);
    const text = await search(home, "deploy");
    assert.match(text.stdout(), /^leaky {2}2026-11-29 12:00 {2}- {2}deploy with key /);
    assert.match(text.stdout(), /\n {2}user #1:1: deploy with key .* today\n$/);
    const json = JSON.parse((await search(home, "today", true)).stdout());
    assert.equal(json.length, 1);
    assert.equal(json[0].matches[0].line, 1);
    for (const output of [text.stdout(), text.stderr(), JSON.stringify(json)]) {
      assert.ok(!output.includes(key), "the key never appears");
    }
    const bySecret = await search(home, key.slice(0, 40), true);
    assert.deepEqual(JSON.parse(bySecret.stdout()), []);
    assert.ok(!bySecret.stderr().includes(key));
  });
});

Deno.test("history search: no match is an empty list (exit 0); a blank or multi-line text is exit 2", async () => {
  await withHistory(async (home) => {
    assert.equal((await search(home, "anything", true)).stdout(), "[]\n");
    const text = await search(home, "anything");
    assert.equal(text.stdout(), "");
    assert.match(text.stderr(), /No conversation holds "anything"/);
    await assert.rejects(search(home, "  "), UsageError);
    await assert.rejects(search(home, "two\nlines"), UsageError);
  });
});

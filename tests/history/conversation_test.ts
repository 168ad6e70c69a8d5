import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  CONVERSATION_FIELDS,
  conversationTitle,
  newConversation,
} from "../../src/history/conversation.ts";
import { ConversationSchema, parseConversation } from "../../src/history/parse_conversation.ts";
import { redactConversation } from "../../src/history/redact_conversation.ts";
import { anthropicKey } from "../credentials/_canaries.ts";

const NOW = new Date("2026-11-29T12:00:00Z");

Deno.test("a new conversation round-trips through its JSON", () => {
  const conversation = newConversation("notes", NOW, { provider: "mock", model: "mock-1" });
  conversation.messages.push({ role: "user", content: "hi" });
  const parsed = parseConversation(JSON.stringify(conversation), "notes.json");
  assert.deepEqual(parsed, conversation);
  assert.equal(parsed.created_at, "2026-11-29T12:00:00.000Z");
});

Deno.test("parseConversation names the file and the field", () => {
  assert.throws(() => parseConversation("{", "/x/a.json"), RefusalError);
  assert.throws(
    () => parseConversation(JSON.stringify({ version: 1, id: "../a" }), "/x/a.json"),
    /Cannot read conversation "\/x\/a\.json": id: /,
  );
});

Deno.test("the title is the start of the first user message, on one line", () => {
  const conversation = newConversation("notes", NOW);
  assert.equal(conversationTitle(conversation), "");
  conversation.messages.push({ role: "user", content: "line one\nline two " + "x".repeat(80) });
  const title = conversationTitle(conversation);
  assert.ok(title.startsWith("line one line two"));
  assert.equal(title.length, 60);
  assert.ok(title.endsWith("…"));
});

Deno.test("redactConversation masks every message and the system prompt", () => {
  const canary = anthropicKey("CONV");
  const conversation = newConversation("notes", NOW, { system: `use ${canary}` });
  conversation.messages.push(
    { role: "user", content: `my key is ${canary}` },
    { role: "assistant", content: `noted: ${canary}` },
  );
  const redacted = redactConversation(conversation);
  const text = JSON.stringify(redacted);
  assert.ok(!text.includes(canary));
  assert.ok(text.includes("sk-ant-***"));
  assert.equal(
    conversation.messages[0].content,
    `my key is ${canary}`,
    "the original is unchanged",
  );
  assert.deepEqual(Object.keys(redacted), [
    "version",
    "id",
    "created_at",
    "updated_at",
    "system",
    "messages",
  ]);
});

Deno.test("CONVERSATION_FIELDS are the keys of the conversation schema, in its order", () => {
  assert.deepEqual([...CONVERSATION_FIELDS], Object.keys(ConversationSchema.shape));
});

import assert from "node:assert/strict";
import { newConversation } from "../../src/history/conversation.ts";
import {
  formatMatches,
  MATCH_WIDTH,
  searchConversations,
} from "../../src/history/search_conversations.ts";

function conversation(id: string, messages: string[], system?: string) {
  const result = newConversation(id, new Date("2026-11-29T12:00:00Z"), {
    provider: "mock",
    model: "mock-1",
    system,
  });
  result.messages = messages.map((content, index) => ({
    role: index % 2 === 0 ? "user" as const : "assistant" as const,
    content,
  }));
  return result;
}

const CONVERSATIONS = [
  conversation("notes", ["Ship the Release on Monday", "ok\nthe release is on Monday"]),
  conversation("other", ["nothing here"], "You review RELEASE notes"),
  conversation("none", ["unrelated"]),
];

Deno.test("search finds every line holding the text, ignoring case, in order, with where it is", () => {
  const found = searchConversations(CONVERSATIONS, "release");
  assert.deepEqual(found.map((entry) => entry.id), ["notes", "other"]);
  assert.deepEqual(found[0].matches, [
    { role: "user", message: 0, line: 1, text: "Ship the Release on Monday" },
    { role: "assistant", message: 1, line: 2, text: "the release is on Monday" },
  ]);
  assert.deepEqual(found[1].matches, [
    { role: "system", message: null, line: 1, text: "You review RELEASE notes" },
  ]);
  assert.equal(found[0].title, "Ship the Release on Monday");
  assert.deepEqual(searchConversations(CONVERSATIONS, "absent"), []);
});

Deno.test("a long line is cut around the match", () => {
  const long = "x".repeat(500) + " needle " + "y".repeat(500);
  const [entry] = searchConversations([conversation("long", [long])], "NEEDLE");
  const text = entry.matches[0].text;
  assert.ok(text.includes("needle"));
  assert.ok(text.startsWith("…") && text.endsWith("…"));
  assert.ok(text.length <= MATCH_WIDTH + 2);
});

Deno.test("the text form is the summary line, then each matching line indented", () => {
  assert.equal(
    formatMatches(searchConversations(CONVERSATIONS, "monday")),
    "notes  2026-11-29 12:00  mock/mock-1  Ship the Release on Monday\n" +
      "  user #1:1: Ship the Release on Monday\n" +
      "  assistant #2:2: the release is on Monday\n",
  );
  assert.equal(formatMatches([]), "");
});

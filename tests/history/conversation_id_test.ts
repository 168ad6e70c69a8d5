import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  checkConversationId,
  conversationIdTime,
  isConversationId,
  newConversationId,
} from "../../src/history/conversation_id.ts";

Deno.test("conversation ids: UUIDs and plain names are accepted", () => {
  for (const id of [newConversationId(), "notes", "release-notes_2", "A", "x".repeat(64)]) {
    assert.equal(checkConversationId(id), id);
  }
});

Deno.test("conversation ids: anything that could leave the directory or hide a file is refused", () => {
  const refused = [
    "",
    ".",
    "..",
    "../config",
    "../../etc/passwd",
    "a/b",
    "a\\b",
    "/etc/passwd",
    "C:evil",
    ".hidden",
    "notes.json",
    "-flag",
    "_private",
    "name with space",
    "tab\there",
    "new\nline",
    "nul\0byte",
    "é",
    "x".repeat(65),
    "con",
    "NUL",
    "com1",
  ];
  for (const id of refused) {
    assert.equal(isConversationId(id), false, JSON.stringify(id));
    assert.throws(() => checkConversationId(id), UsageError, JSON.stringify(id));
  }
});

Deno.test("conversation ids: a long refused id is not repeated in the message", () => {
  const long = "sk-" + "a".repeat(100);
  assert.throws(() => checkConversationId(long), (error: Error) => {
    assert.ok(!error.message.includes(long));
    assert.match(error.message, /an id of 103 characters/);
    return true;
  });
});

Deno.test("conversation ids: new ids are version 7 UUIDs that carry their creation time", () => {
  const at = new Date("2026-12-03T10:20:30.456Z");
  const ids = Array.from({ length: 50 }, () => newConversationId(at));
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(checkConversationId(id), id);
    assert.equal(conversationIdTime(id), at.getTime());
  }
  // 74 random bits: fifty ids made in the same millisecond all differ.
  assert.equal(new Set(ids).size, ids.length);
  // Ids sort by time, as their file names do.
  const earlier = newConversationId(new Date(at.getTime() - 1));
  assert.ok(ids.every((id) => earlier < id));
  assert.equal(conversationIdTime(newConversationId(new Date(0))), 0);
  assert.equal(conversationIdTime(newConversationId(new Date(-5))), 0);
});

Deno.test("conversation ids: only a version 7 UUID as omn writes it carries a time", () => {
  for (
    const id of [
      crypto.randomUUID(), // version 4, as older omn made them
      "notes",
      "0190a6e2-5b7c-7d3e-9f00-1234567890ab".toUpperCase(),
      "0190a6e2-5b7c-7d3e-cf00-1234567890ab", // not the RFC variant
      "0190a6e2-5b7c-6d3e-9f00-1234567890ab", // version 6
      "0190a6e2-5b7c-7d3e-9f00-1234567890ab-x",
      "0190a6e25b7c7d3e9f001234567890ab",
    ]
  ) {
    assert.equal(conversationIdTime(id), undefined, id);
  }
  assert.equal(conversationIdTime("0190a6e2-5b7c-7d3e-9f00-1234567890ab"), 0x0190a6e25b7c);
});

import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  checkConversationId,
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

import assert from "node:assert/strict";
import { splitKeys } from "../../src/chat/split_keys.ts";

Deno.test("splitKeys: characters, escape sequences and Enter", () => {
  assert.deepEqual(splitKeys("ab\x1b[A\x1bOH\x1b[3~\x1bx\r\n\né"), {
    keys: ["a", "b", "\x1b[A", "\x1bOH", "\x1b[3~", "\x1bx", "\r", "\r", "é"],
    rest: "",
  });
});

Deno.test("splitKeys: an unfinished escape sequence waits for the next chunk", () => {
  for (const tail of ["\x1b", "\x1b[", "\x1b[1;5", "\x1bO"]) {
    assert.deepEqual(splitKeys(`x${tail}`), { keys: ["x"], rest: tail });
  }
  assert.deepEqual(splitKeys("\x1b[" + "D"), { keys: ["\x1b[D"], rest: "" });
});

Deno.test("splitKeys: characters outside the BMP are one key", () => {
  assert.deepEqual(splitKeys("🙂"), { keys: ["🙂"], rest: "" });
});

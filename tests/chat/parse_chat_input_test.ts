import assert from "node:assert/strict";
import { CHAT_COMMANDS, parseChatInput } from "../../src/chat/parse_chat_input.ts";

Deno.test("parseChatInput: commands, arguments on several lines, and // for a leading slash", () => {
  assert.deepEqual(parseChatInput("hello"), { kind: "message", text: "hello" });
  assert.deepEqual(parseChatInput("/EXIT"), { kind: "command", name: "exit", argument: "" });
  assert.deepEqual(parseChatInput("/model  gpt-4o "), {
    kind: "command",
    name: "model",
    argument: "gpt-4o",
  });
  assert.deepEqual(parseChatInput("/system be\nbrief"), {
    kind: "command",
    name: "system",
    argument: "be\nbrief",
  });
  assert.deepEqual(parseChatInput("//etc"), { kind: "message", text: "/etc" });
  assert.deepEqual(parseChatInput("/"), { kind: "command", name: "", argument: "" });
});

Deno.test("every chat command is listed in /help", () => {
  const names = CHAT_COMMANDS.map(([usage]) => usage.split(" ")[0]);
  for (
    const name of [
      "/help",
      "/provider",
      "/model",
      "/system",
      "/usage",
      "/save",
      "/load",
      "/clear",
      "/exit",
    ]
  ) {
    assert.ok(names.includes(name), name);
  }
});

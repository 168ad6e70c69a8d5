import assert from "node:assert/strict";
import { chatCommand } from "../../../src/cli/commands/chat.ts";
import type { ChatFlags } from "../../../src/chat/execute_chat.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<ChatFlags>(chatCommand, argv);

Deno.test("chat: argv fills the options, defaults included", async () => {
  assert.deepEqual(await parse([]), {
    template: undefined,
    system: undefined,
    provider: undefined,
    model: undefined,
    baseUrl: undefined,
    timeoutMs: undefined,
    temperature: undefined,
    maxTokens: undefined,
    onSecret: undefined,
    maxCost: undefined,
    allowUnpriced: false,
    continueLast: false,
    conversation: undefined,
    history: true,
  });
});

Deno.test("chat: every flag", async () => {
  assert.deepEqual(
    await parse([
      "-s",
      "be brief",
      "--provider",
      "openai",
      "-m",
      "gpt-4o",
      "--base-url",
      "http://127.0.0.1:1/v1",
      "--timeout",
      "2.5",
      "-t",
      "1",
      "--max-tokens",
      "9",
      "--on-secret",
      "block",
      "-c",
      "--no-history",
      "-T",
      "french",
    ]),
    {
      template: "french",
      system: "be brief",
      provider: "openai",
      model: "gpt-4o",
      baseUrl: "http://127.0.0.1:1/v1",
      timeoutMs: 2500,
      temperature: 1,
      maxTokens: 9,
      onSecret: "block",
      maxCost: undefined,
      allowUnpriced: false,
      continueLast: true,
      conversation: undefined,
      history: false,
    },
  );
  assert.equal((await parse(["--conversation", "notes"])).conversation, "notes");
});

Deno.test("chat: bad values are usage errors", async () => {
  for (const argv of [["-t", "3"], ["--max-tokens", "0"], ["--on-secret", "maybe"], ["extra"]]) {
    await assert.rejects(() => parse(argv), argv.join(" "));
  }
});

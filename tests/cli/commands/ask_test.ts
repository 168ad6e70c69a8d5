import assert from "node:assert/strict";
import { askCommand, type AskFlags } from "../../../src/cli/commands/ask.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<AskFlags> {
  let parsed: AskFlags | undefined;
  const command = askCommand(memoryContext(), (flags) => {
    parsed = flags;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("ask: argv fills the options, defaults included", async () => {
  assert.deepEqual(await parse(["hello", "world"]), {
    words: ["hello", "world"],
    system: undefined,
    provider: undefined,
    model: undefined,
    baseUrl: undefined,
    timeoutMs: undefined,
    temperature: undefined,
    maxTokens: undefined,
    output: "text",
    stream: true,
    onSecret: undefined,
    schema: undefined,
  });
});

Deno.test("ask: every flag, and --output-format as an alias of --output", async () => {
  const flags = await parse([
    "--system",
    "be brief",
    "--provider",
    "claude",
    "-m",
    "m1",
    "-t",
    "0.5",
    "--max-tokens",
    "42",
    "--output-format",
    "stream-json",
    "--no-stream",
    "--on-secret",
    "block",
    "q",
  ]);
  assert.equal(flags.system, "be brief");
  assert.equal(flags.provider, "claude");
  assert.equal(flags.model, "m1");
  assert.equal(flags.temperature, 0.5);
  assert.equal(flags.maxTokens, 42);
  assert.equal(flags.output, "stream-json");
  assert.equal(flags.stream, false);
  assert.equal(flags.onSecret, "block");
  assert.equal((await parse(["-o", "json", "q"])).output, "json");
});

Deno.test("ask: out-of-range values are usage errors", async () => {
  for (
    const argv of [["-t", "2.5"], ["-t", "x"], ["--max-tokens", "0"], ["--max-tokens", "1.5"], [
      "-o",
      "xml",
    ]]
  ) {
    await assert.rejects(parse([...argv, "q"]), (error: Error & { code?: string }) => {
      assert.match(error.code ?? "", /^commander\./);
      return true;
    });
  }
});

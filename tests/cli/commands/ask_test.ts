import assert from "node:assert/strict";
import { askCommand } from "../../../src/cli/commands/ask.ts";
import type { AskFlags } from "../../../src/ask/ask_flags.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<AskFlags>(askCommand, argv);

Deno.test("ask: argv fills the options, defaults included", async () => {
  assert.deepEqual(await parse(["hello", "world"]), {
    words: ["hello", "world"],
    template: undefined,
    system: undefined,
    provider: undefined,
    model: undefined,
    baseUrl: undefined,
    timeoutMs: undefined,
    maxRetries: undefined,
    maxRetryWaitMs: undefined,
    connectTimeoutMs: undefined,
    firstByteTimeoutMs: undefined,
    idleTimeoutMs: undefined,
    temperature: undefined,
    maxTokens: undefined,
    output: "text",
    stream: true,
    onSecret: undefined,
    schema: undefined,
    extract: undefined,
    usage: false,
    maxCost: undefined,
    allowUnpriced: false,
    attachType: undefined,
    continueLast: false,
    conversation: undefined,
    history: true,
  });
});

Deno.test("ask: --attach-type takes the five media types and auto, nothing else", async () => {
  for (
    const type of ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf", "auto"]
  ) {
    assert.equal((await parse(["--attach-type", type, "q"])).attachType, type);
  }
  await assert.rejects(() => parse(["--attach-type", "image/tiff", "q"]));
});

Deno.test("ask: -c, --conversation and --no-history", async () => {
  const flags = await parse(["-c", "--no-history", "q"]);
  assert.equal(flags.continueLast, true);
  assert.equal(flags.history, false);
  assert.equal((await parse(["--conversation", "notes", "q"])).conversation, "notes");
  assert.equal((await parse(["--continue", "q"])).continueLast, true);
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

Deno.test("ask: retry and timeout flags, in milliseconds; bad values are usage errors", async () => {
  const flags = await parse([
    "--max-retries",
    "0",
    "--max-retry-wait",
    "0.05",
    "--timeout",
    "30",
    "--connect-timeout",
    "2.5",
    "--first-byte-timeout",
    "90",
    "--idle-timeout",
    "15",
    "q",
  ]);
  assert.equal(flags.maxRetries, 0);
  assert.equal(flags.maxRetryWaitMs, 50);
  assert.equal(flags.timeoutMs, 30_000);
  assert.equal(flags.connectTimeoutMs, 2500);
  assert.equal(flags.firstByteTimeoutMs, 90_000);
  assert.equal(flags.idleTimeoutMs, 15_000);
  for (
    const argv of [
      ["--max-retries", "-1"],
      ["--max-retries", "1.5"],
      ["--max-retries", "101"],
      ["--max-retry-wait", "-1"],
      ["--idle-timeout", "0"],
      ["--connect-timeout", "soon"],
    ]
  ) {
    await assert.rejects(parse([...argv, "q"]), (error: Error & { code?: string }) => {
      assert.match(error.code ?? "", /^commander\./, argv.join(" "));
      return true;
    });
  }
});

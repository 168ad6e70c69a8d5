import assert from "node:assert/strict";
import { CommanderError } from "@commander-js/extra-typings";
import { batchCommand } from "../../../src/cli/commands/batch.ts";
import type { BatchFlags } from "../../../src/batch/batch_flags.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<BatchFlags>(batchCommand, argv);

Deno.test("batch: argv fills the flags, defaults included", async () => {
  assert.deepEqual(await parse(["--job", "j"]), {
    input: undefined,
    job: "j",
    resume: false,
    retryFailed: false,
    ordered: false,
    concurrency: 4,
    system: undefined,
    provider: undefined,
    model: undefined,
    baseUrl: undefined,
    temperature: undefined,
    maxTokens: undefined,
    timeoutMs: undefined,
    onSecret: undefined,
    maxCost: undefined,
    allowUnpriced: false,
    requestsPerMinute: undefined,
    tokensPerMinute: undefined,
    export: false,
    list: false,
    json: undefined,
    rm: undefined,
  });
});

Deno.test("batch: every flag", async () => {
  const flags = await parse([
    "prompts.jsonl",
    "-j",
    "j",
    "--resume",
    "--retry-failed",
    "--ordered",
    "--concurrency",
    "16",
    "-s",
    "be brief",
    "--provider",
    "openai",
    "-m",
    "gpt-4o-mini",
    "--base-url",
    "http://127.0.0.1:1/v1",
    "-t",
    "0.5",
    "--max-tokens",
    "64",
    "--timeout",
    "2.5",
    "--on-secret",
    "block",
    "--requests-per-minute",
    "0",
    "--tokens-per-minute",
    "90000",
  ]);
  assert.deepEqual(flags, {
    input: "prompts.jsonl",
    job: "j",
    resume: true,
    retryFailed: true,
    ordered: true,
    concurrency: 16,
    system: "be brief",
    provider: "openai",
    model: "gpt-4o-mini",
    baseUrl: "http://127.0.0.1:1/v1",
    temperature: 0.5,
    maxTokens: 64,
    timeoutMs: 2500,
    onSecret: "block",
    maxCost: undefined,
    allowUnpriced: false,
    requestsPerMinute: 0,
    tokensPerMinute: 90000,
    export: false,
    list: false,
    json: undefined,
    rm: undefined,
  });
  assert.equal((await parse(["--list"])).list, true);
  assert.equal((await parse(["--list", "--json"])).json, true);
  assert.equal((await parse(["--rm", "old"])).rm, "old");
  assert.equal((await parse(["--job", "j", "--export"])).export, true);
});

Deno.test("batch: bad numbers are usage errors", async () => {
  for (
    const argv of [
      ["--job", "j", "--concurrency", "0"],
      ["--job", "j", "--concurrency", "257"],
      ["--job", "j", "--concurrency", "2.5"],
      ["--job", "j", "--max-tokens", "0"],
      ["--job", "j", "--temperature", "3"],
      ["--job", "j", "--requests-per-minute", "-1"],
      ["--job", "j", "--on-secret", "maybe"],
    ]
  ) {
    await assert.rejects(parse(argv), CommanderError, argv.join(" "));
  }
});

Deno.test("batch: -c is not a short flag of --concurrency (-c means --continue elsewhere)", async () => {
  await assert.rejects(parse(["-j", "j", "-c", "16"]));
});

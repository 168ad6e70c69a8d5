/**
 * The real CLI (in process) against the streaming fakes in their hostile
 * wire mode (the fakes' `wire` option, what `OMN_FAKE_WIRE=split,crlf` sets
 * for a whole run, tests/fakes/_fake_server.ts): SSE events and event-stream
 * frames split across reads in 7-byte pieces, SSE lines ended with CRLF. The
 * reply must arrive whole and in order. The mode is an option of each fake,
 * not the process environment, so this file runs in a shard with the others.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  geminiKey,
  openaiProjectKey,
} from "../../credentials/_canaries.ts";
import { DEFAULT_REPLY, type FakeServer } from "../../fakes/_fake_server.ts";
import { startAnthropicFake } from "../../fakes/anthropic_fake.ts";
import { startBedrockFake } from "../../fakes/bedrock_fake.ts";
import { startGeminiFake } from "../../fakes/gemini_fake.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { runInProcess } from "../_in_process.ts";
import { tempWorkspace } from "../_workspace.ts";

const openai = openaiProjectKey("WIRE");
const anthropic = anthropicKey("WIRE");
const gemini = geminiKey("WIRE");
const accessKeyId = awsAccessKeyId("WIRE");
const secretAccessKey = awsSecretAccessKey("WIRE");

/** The hostile wire. */
const wire = { split: true, crlf: true };

const cases: {
  provider: string;
  start: () => Promise<FakeServer & { baseURL: string }>;
  env: Record<string, string>;
}[] = [
  {
    provider: "openai",
    start: () => startOpenAIChatFake({ apiKey: openai, wire }),
    env: { OPENAI_API_KEY: openai },
  },
  {
    provider: "anthropic",
    start: () => startAnthropicFake({ apiKey: anthropic, wire }),
    env: { ANTHROPIC_API_KEY: anthropic },
  },
  {
    provider: "gemini",
    start: () => startGeminiFake({ apiKey: gemini, wire }),
    env: { GEMINI_API_KEY: gemini },
  },
  {
    provider: "bedrock",
    start: () => startBedrockFake({ accessKeyId, secretAccessKey, region: "us-east-1", wire }),
    env: {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: "us-east-1",
    },
  },
];

for (const { provider, start, env } of cases) {
  Deno.test(`${provider}: a stream split across reads, with CRLF lines, arrives whole and in order`, async () => {
    await using workspace = await tempWorkspace();
    await using fake = await start();
    const result = await runInProcess(
      ["ask", "--provider", provider, "--base-url", fake.baseURL, "-o", "stream-json", "hi"],
      { ...workspace, env },
    );
    assert.equal(result.code, 0, result.stderr);
    const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const deltas = events.filter((event) => event.type === "text_delta");
    assert.ok(deltas.length > 1, "several deltas");
    assert.equal(deltas.map((event) => event.text).join(""), DEFAULT_REPLY);
    assert.equal(events.at(-1).result, DEFAULT_REPLY);
  });
}

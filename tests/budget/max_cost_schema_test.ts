/**
 * Hostile review: --max-cost estimates a request from its system prompt and
 * messages only; a large --schema is sent too (it is input the provider
 * bills) but not counted, so one request takes the run far past the cap
 * while its estimate fits.
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const key = openaiProjectKey("REVC");

/** An OpenAI-compatible server that bills a token per 4 bytes of request body, honestly. */
function startHonestServer(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const body = await request.text();
    const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-review" };
    const events = [
      { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "{}" } }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: Math.ceil(body.length / 4),
          completion_tokens: 1,
          total_tokens: Math.ceil(body.length / 4) + 1,
        },
      },
    ];
    const text = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") +
      "data: [DONE]\n\n";
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  });
}

Deno.test("review: --max-cost counts a large --schema before sending", async () => {
  await using workspace = await tempWorkspace();
  await using server = startHonestServer();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      // A cent per token, in and out.
      models: { "openai/gpt-review": { input_usd_per_mtok: 10_000, output_usd_per_mtok: 10_000 } },
    }),
    { mode: 0o600 },
  );
  const schema = JSON.stringify({ type: "object", description: "detail ".repeat(4000) });
  const result = await runInProcess([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    `http://127.0.0.1:${server.addr.port}/v1`,
    "--model",
    "gpt-review",
    "--max-tokens",
    "2",
    "--max-cost",
    "1",
    "-o",
    "json",
    "--schema",
    schema,
    "hi",
  ], { ...workspace, env: { OPENAI_API_KEY: key } });
  // The request's estimate without the schema is $0.03; with it, about $70: refused, exit 5.
  assert.doesNotMatch(result.stderr, /past --max-cost/, "one request overspent the cap 70 times");
  assert.equal(result.code, 5, result.stderr);
});

Deno.test("review: the JSON result reports the cost of a model priced in the config", async () => {
  await using workspace = await tempWorkspace();
  await using server = startHonestServer();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      models: { "openai/gpt-review": { input_usd_per_mtok: 10_000, output_usd_per_mtok: 10_000 } },
    }),
    { mode: 0o600 },
  );
  const result = await runInProcess([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    `http://127.0.0.1:${server.addr.port}/v1`,
    "--model",
    "gpt-review",
    "--max-cost",
    "100",
    "-o",
    "json",
    "hi",
  ], { ...workspace, env: { OPENAI_API_KEY: key } });
  assert.equal(result.code, 0, result.stderr);
  const { usage } = JSON.parse(result.stdout);
  // --max-cost priced this reply from the config; the result says null (unknown).
  assert.equal(typeof usage.total_cost_usd, "number", JSON.stringify(usage));
});

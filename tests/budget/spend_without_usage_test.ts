/**
 * Hostile review: a reply that carries no usage (an OpenAI-compatible
 * server that omits the usage chunk, or a stream cut before it) is counted
 * as $0 against budgets.daily_usd, so the daily cap never stops a run.
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const key = openaiProjectKey("REVS");

/** An OpenAI-compatible chat server whose streams end without a usage chunk. */
function startUsagelessServer(state: { requests: number }): Deno.HttpServer<Deno.NetAddr> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    await request.body?.cancel();
    state.requests++;
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${
        JSON.stringify({
          id: "c1",
          object: "chat.completion.chunk",
          created: 1,
          model: "gpt-review",
          choices: [{ index: 0, delta, finish_reason: finish }],
        })
      }\n\n`;
    const body = chunk({ role: "assistant", content: "a long and costly reply " }, null) +
      chunk({}, "stop") + "data: [DONE]\n\n";
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  return server;
}

Deno.test("review: replies without usage still count against budgets.daily_usd", async () => {
  await using workspace = await tempWorkspace();
  const seen = { requests: 0 };
  await using server = startUsagelessServer(seen);
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      budgets: { daily_usd: 1 },
      // $0.1 per output token: an estimate of 4 reply tokens is $0.4.
      models: { "openai/gpt-review": { input_usd_per_mtok: 1, output_usd_per_mtok: 100_000 } },
    }),
    { mode: 0o600 },
  );
  const base = `http://127.0.0.1:${server.addr.port}/v1`;
  const codes: number[] = [];
  for (let run = 0; run < 6; run++) {
    const result = await runInProcess([
      "ask",
      "--provider",
      "openai",
      "--base-url",
      base,
      "--model",
      "gpt-review",
      "--max-tokens",
      "4",
      "hi",
    ], { ...workspace, env: { OPENAI_API_KEY: key } });
    codes.push(result.code);
  }
  // Each run is estimated at $0.4: a $1 cap lets at most 3 requests start.
  assert.ok(seen.requests <= 3, `${seen.requests} requests reached the provider; codes ${codes}`);
});

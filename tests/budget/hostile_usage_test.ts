/**
 * Hostile review: a provider's reported usage is trusted as it comes. A
 * negative token count makes a reply's cost negative, and the daily budget
 * then counts the day's spend down: budgets.daily_usd stops nothing.
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const key = openaiProjectKey("REVN");

/** An OpenAI-compatible server that reports the given usage for every reply. */
function startServer(
  usage: Record<string, unknown>,
  seen: { requests: number },
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    await request.body?.cancel();
    seen.requests++;
    const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-review" };
    const events = [
      { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "ok" } }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
      { ...base, choices: [], usage },
    ];
    const text = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") +
      "data: [DONE]\n\n";
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  });
}

const USAGES: Record<string, Record<string, unknown>> = {
  negative: { prompt_tokens: -1_000_000, completion_tokens: 4, total_tokens: -999_996 },
  "too large": { prompt_tokens: 1e308, completion_tokens: 1e308, total_tokens: 1e308 },
};

for (const [name, usage] of Object.entries(USAGES)) {
  Deno.test(`review: a ${name} usage report does not lift budgets.daily_usd`, async () => {
    await using workspace = await tempWorkspace();
    const seen = { requests: 0 };
    await using server = startServer(usage, seen);
    await Deno.mkdir(workspace.home, { mode: 0o700 });
    await Deno.writeTextFile(
      `${workspace.home}/config.json`,
      JSON.stringify({
        version: 1,
        budgets: { daily_usd: 1 },
        // $0.1 per output token: each request is estimated at $0.4 (4 reply tokens).
        models: { "openai/gpt-review": { input_usd_per_mtok: 1, output_usd_per_mtok: 100_000 } },
      }),
      { mode: 0o600 },
    );
    for (let run = 0; run < 6; run++) {
      await runInProcess([
        "ask",
        "--provider",
        "openai",
        "--base-url",
        `http://127.0.0.1:${server.addr.port}/v1`,
        "--model",
        "gpt-review",
        "--max-tokens",
        "4",
        "hi",
      ], { ...workspace, env: { OPENAI_API_KEY: key } });
    }
    // Each reply costs at least its 4 output tokens ($0.4): a $1 cap lets at most 3 start.
    assert.ok(seen.requests <= 3, `${seen.requests} requests reached the provider`);
  });
}

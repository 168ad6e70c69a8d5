/**
 * Hostile review: under --on-secret allow a secret in --model is sent as
 * asked, but SECURITY.md promises that conversations store secrets only
 * masked; the conversation file keeps the model id as it was given.
 */
import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const secret = anthropicKey("REVM");

function startAnyModelServer(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    await request.body?.cancel();
    const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "x" };
    const events = [
      { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "ok" } }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
      { ...base, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
    ];
    const text = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") +
      "data: [DONE]\n\n";
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  });
}

async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesHolding(path, needle));
    else if (entry.isFile && (await Deno.readTextFile(path)).includes(needle)) found.push(path);
  }
  return found;
}

Deno.test("a secret in --model sent under --on-secret allow is stored only masked", async () => {
  await using workspace = await tempWorkspace();
  await using server = startAnyModelServer();
  const result = await runInProcess([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    `http://127.0.0.1:${server.addr.port}/v1`,
    "--on-secret",
    "allow",
    "--model",
    `gpt-${secret}`,
    "hi",
  ], { ...workspace, env: { OPENAI_API_KEY: openaiProjectKey("REVM") } });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
  assert.deepEqual(await filesHolding(workspace.home, secret), []);
});

Deno.test("redactConversation masks every field of the class (provider, model, system, messages), keeps id and times", async () => {
  const { redactConversation } = await import("../../src/history/redact_conversation.ts");
  const { newConversation } = await import("../../src/history/conversation.ts");
  const conversation = newConversation("notes", new Date("2026-01-01T00:00:00Z"), {
    provider: `p-${secret}`,
    model: `m-${secret}`,
    system: `s ${secret}`,
  });
  conversation.messages.push({ role: "user", content: `u ${secret}` });
  conversation.messages.push({ role: "assistant", content: `a ${secret}` });
  const stored = JSON.stringify(redactConversation(conversation));
  assert.ok(!stored.includes(secret), stored);
  const masked = redactConversation(conversation);
  assert.equal(masked.id, "notes");
  assert.equal(masked.created_at, conversation.created_at);
  assert.ok(masked.model?.startsWith("m-"));
  assert.equal(masked.messages.length, 2);
});

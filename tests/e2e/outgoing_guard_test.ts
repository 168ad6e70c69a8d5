import assert from "node:assert/strict";
import { join } from "node:path";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { canariesReceived } from "../fakes/canary_trap.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { withInvisible } from "../security/_disguises.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

const providerKey = openaiProjectKey("TRAP");
/** Known to omn only by value: loaded from the environment. */
const loaded = mistralKey("TRAP");
/** Known by its pattern. */
const patterned = anthropicKey("TRAP");
const canaries = [loaded, patterned];
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

async function trap() {
  return await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
}

Deno.test("ask: a secret in --schema (inline or file), --model, --system, stdin or the prompt is never sent", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await trap();
  for (const secret of canaries) {
    const schema = JSON.stringify({ type: "object", description: `uses ${secret}` });
    // A file omn may read: the permission set allows its config directory.
    const schemaFile = join(workspace.home, "schema.json");
    await Deno.mkdir(workspace.home, { recursive: true });
    await Deno.writeTextFile(schemaFile, schema);
    const hidden = withInvisible(secret, "\u200B", [4, 12]);
    const cases: { args: string[]; stdin?: string; part: string }[] = [
      { args: ["--schema", schema, "hi"], part: "--schema" },
      { args: ["--schema", schemaFile, "hi"], part: "--schema" },
      { args: ["--model", `gpt-${secret}`, "hi"], part: "--model" },
      { args: ["--system", `key ${hidden}`, "hi"], part: "the system prompt" },
      { args: ["summarise"], stdin: `log: ${hidden}\n`, part: "the prompt" },
    ];
    for (const policy of ["block", "redact"]) {
      for (const { args, stdin, part } of cases) {
        const before = fake.requests.length;
        const result = await runInProcess([
          "ask",
          "--provider",
          "openai",
          "--base-url",
          fake.baseURL,
          "--on-secret",
          policy,
          ...args,
        ], { ...workspace, env, stdin });
        const label = `${policy} ${args.join(" ")}`;
        assert.deepEqual(canariesReceived(fake.requests, canaries), [], label);
        assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret), label);
        if (policy === "block" || part === "--model") {
          assert.equal(result.code, 3, `${label}: ${result.stderr}`);
          assert.match(result.stderr, /Request not sent/, label);
          assert.ok(result.stderr.includes(part), `${label}: ${result.stderr}`);
          assert.equal(fake.requests.length, before, `${label}: nothing reached the provider`);
        } else {
          assert.equal(fake.requests.length, before + 1, `${label}: ${result.stderr}`);
          assert.match(result.stderr, /Masked secrets in the request/, label);
        }
      }
    }
  }
});

Deno.test("chat and batch: secrets in messages, the system prompt, item fields and models are never sent", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await trap();
  const hidden = withInvisible(loaded, "\u2060", [3]);
  const chat = await runInProcess(
    ["chat", "--provider", "openai", "--base-url", fake.baseURL, "--system", `s ${patterned}`],
    { ...workspace, env, stdin: `first ${hidden}\nsecond ${patterned}\n` },
  );
  assert.equal(chat.code, 0, chat.stderr);
  assert.equal(fake.requests.length, 2);
  const batchInput = [
    { id: "prompt", prompt: `p ${hidden}` },
    { id: "system", prompt: "p", system: `s ${patterned}` },
    { id: "model", prompt: "p", model: `gpt-${loaded}` },
  ].map((item) => JSON.stringify(item)).join("\n");
  const batch = await runInProcess(
    ["batch", "--job", "trap", "--provider", "openai", "--base-url", fake.baseURL],
    { ...workspace, env, stdin: batchInput },
  );
  assert.deepEqual(canariesReceived(fake.requests, canaries), []);
  for (const output of [chat.stdout, chat.stderr, batch.stdout, batch.stderr]) {
    for (const canary of canaries) assert.ok(!output.includes(canary));
  }
  assert.match(batch.stderr, /Item "prompt": Masked secrets in the request/);
  assert.match(batch.stderr, /Item "system": Masked secrets in the request/);
  const results = batch.stdout.trim().split("\n").map((line) => JSON.parse(line));
  const model = results.find((result) => result.id === "model");
  assert.match(model.error.message, /Request not sent: the model id contains a secret/);
  assert.equal(fake.requests.length, 4);
  const blocked = await runInProcess(
    ["chat", "--provider", "openai", "--base-url", fake.baseURL, "--on-secret", "block"],
    { ...workspace, env, stdin: `hello ${hidden}\n` },
  );
  assert.match(blocked.stderr, /Request not sent/);
  assert.equal(fake.requests.length, 4);
  assert.deepEqual(canariesReceived(fake.requests, canaries), []);
});

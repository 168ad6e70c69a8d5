import assert from "node:assert/strict";
import { openaiProjectKey, xaiKey } from "../credentials/_canaries.ts";
import { startXaiResponsesFake } from "../fakes/xai_responses_fake.ts";
import { assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

async function lines(path: string): Promise<Record<string, unknown>[]> {
  return (await Deno.readTextFile(path)).trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("every ask appends one usage record (never the prompt); --usage prints the summary line", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("LEDGER");
  const result = await runInProcess(
    ["ask", "--provider", "mock", "--usage", `secret ${canary} here`],
    workspace,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^\d+ in \/ \d+ out tokens, \$0\.0000 \(mock-1\)$/m);
  const failed = await runInProcess(
    ["ask", "--provider", "mock", "--model", "mock-error", "hi"],
    workspace,
  );
  assert.equal(failed.code, 1);
  const records = await lines(`${workspace.home}/usage.jsonl`);
  assert.equal(records.length, 2);
  assert.equal(records[0].provider, "mock");
  assert.equal(records[0].outcome, "ok");
  assert.equal(records[1].outcome, "ProviderError");
  assert.equal((await Deno.stat(`${workspace.home}/usage.jsonl`)).mode! & 0o777, 0o600);
  await assertNoCanaryInTree(workspace.home, [canary]);
  assert.ok(!(await Deno.readTextFile(`${workspace.home}/usage.jsonl`)).includes("here"));
});

Deno.test("secrets in a prompt, a rejected key and a permission refusal are audited without secrets", async () => {
  await using workspace = await tempWorkspace();
  const promptSecret = openaiProjectKey("AUDIT");
  const key = xaiKey("AUDIT");
  await using fake = await startXaiResponsesFake({ apiKey: key, scenario: "unauthorized" });
  assert.equal(
    (await runInProcess(["ask", "--provider", "mock", `key ${promptSecret}`], workspace)).code,
    0,
  );
  const rejected = await runInProcess(
    ["ask", "--provider", "xai", "--base-url", `${fake.url}/v1`, "hi"],
    {
      ...workspace,
      env: { XAI_API_KEY: key },
    },
  );
  assert.equal(rejected.code, 4);
  assert.equal((await runOmn(["scan", "/etc/passwd"], workspace)).code, 3);
  const events = await lines(`${workspace.home}/audit.jsonl`);
  const byName = (name: string) => events.find((event) => event.event === name);
  const secrets = byName("prompt.secrets") as { secrets: { kind: string; fingerprint: string }[] };
  assert.equal(secrets.secrets[0].kind, "openai");
  assert.match(secrets.secrets[0].fingerprint, /^fp:/);
  const auth = byName("auth.failed") as { provider: string; fingerprint: string; host: string };
  assert.equal(auth.provider, "xai");
  assert.match(auth.fingerprint, /^fp:/);
  assert.equal(auth.host, new URL(fake.url).host);
  const refused = byName("permission.refused") as { permission: string; target: string };
  assert.deepEqual([refused.permission, refused.target], ["read", "/etc/passwd"]);
  await assertNoCanaryInTree(workspace.home, [promptSecret, key]);
});

Deno.test("ask waits for configured rate limits through the shared state; none are set by default", async () => {
  await using workspace = await tempWorkspace();
  assert.equal((await runInProcess(["ask", "--provider", "mock", "hi"], workspace)).code, 0);
  await assert.rejects(Deno.stat(`${workspace.home}/rate_limits.json`), "no limits, no state");
  assert.equal(
    (await runInProcess(["config", "set", "providers.mock.requests_per_minute", "600"], workspace))
      .code,
    0,
  );
  assert.equal((await runInProcess(["ask", "--provider", "mock", "hi"], workspace)).code, 0);
  const state = await Deno.readTextFile(`${workspace.home}/rate_limits.json`);
  assert.match(state, /mock/);
  assert.equal((await Deno.stat(`${workspace.home}/rate_limits.json`)).mode! & 0o777, 0o600);
});

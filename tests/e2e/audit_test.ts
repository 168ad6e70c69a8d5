import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace, type Workspace } from "./_workspace.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

async function auditRecords(home: string): Promise<Json[]> {
  const text = await Deno.readTextFile(`${home}/audit.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

async function ok(args: string[], workspace: Workspace, stdin?: string) {
  const result = await runInProcess(args, { ...workspace, stdin });
  assert.equal(result.code, 0, `omn ${args.join(" ")}: ${result.stderr}`);
  return result;
}

Deno.test("keys and config changes are audited with pid and user, never a secret", async () => {
  await using workspace = await tempWorkspace();
  const [first, second, pasted] = [
    openaiProjectKey("AUDIT1"),
    openaiProjectKey("AUDIT2"),
    anthropicKey("PASTED"),
  ];
  const outputs: Record<string, string> = {};
  const run = async (name: string, args: string[], stdin?: string) => {
    const result = await ok(args, workspace, stdin);
    outputs[`${name} stdout`] = result.stdout;
    outputs[`${name} stderr`] = result.stderr;
  };
  await run("init", ["config", "init", "--default-provider", "mock"]);
  await run("set", ["keys", "set", "openai", "--stdin"], first);
  await run("rotate", ["keys", "rotate", "openai", "--stdin"], second);
  // A key pasted into a field that is not a secret is stored as asked, but never audited.
  await run("config set", ["config", "set", "providers.openai.default_model", pasted]);
  await run("unset", ["config", "unset", "providers.openai.default_model"]);
  const exported = await runInProcess(["config", "export"], workspace);
  await run("import", ["config", "import", "-"], exported.stdout);
  const backups = JSON.parse((await ok(["config", "backups", "--json"], workspace)).stdout);
  await run("restore", ["config", "backups", "restore", backups[0].name]);
  await run("remove", ["keys", "remove", "openai"]);
  const records = await auditRecords(workspace.home);
  assert.deepEqual(records.map((record) => `${record.command}: ${record.event}`), [
    "config init: config.initialized",
    "keys set: key.set",
    "keys rotate: key.rotated",
    "config set: config.set",
    "config unset: config.unset",
    "config import: config.imported",
    "config backups restore: config.restored",
    "keys remove: key.removed",
  ]);
  for (const record of records) {
    assert.equal(record.pid > 0, true);
    assert.match(record.user, /^uid:\d+$/);
    assert.ok(!Number.isNaN(Date.parse(record.time)));
  }
  assert.match(records[1].fingerprint, /^fp:[0-9a-f]{12}$/);
  assert.deepEqual(records[2].previous, [records[1].fingerprint]);
  assert.equal(records[2].provider, "openai");
  assert.equal(records[3].value, "sk-ant-***");
  assert.equal(records[5].source, "<stdin>");
  assert.equal((await Deno.stat(`${workspace.home}/audit.jsonl`)).mode! & 0o777, 0o600);
  assertNoCanary(outputs, [first, second, pasted]);
  await assertNoCanaryInTree(
    workspace.home,
    [first, second, pasted],
    (path) => path.endsWith("/config.json") || path.includes("/backups/"),
  );
  const summary = JSON.parse((await ok(["audit", "--json"], workspace)).stdout);
  assert.equal(summary.records, 8);
  assert.equal(summary.events["config.set"], 1);
  assert.deepEqual(summary.alerts, []);
});

Deno.test("omn audit --check exits 1 on a burst of authentication failures, and 0 once it is old", async () => {
  await using workspace = await tempWorkspace();
  await ok(["config", "init"], workspace);
  const check = await ok(["audit", "--check"], workspace);
  assert.equal(check.stdout, "");
  const failure = (minutesAgo: number) =>
    JSON.stringify({
      time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      command: "ask",
      event: "auth.failed",
      provider: "openai",
      fingerprint: "fp:0123456789ab",
      pid: 1,
      user: "uid:1",
    }) + "\n";
  await Deno.writeTextFile(`${workspace.home}/audit.jsonl`, failure(9) + failure(5) + failure(1), {
    append: true,
  });
  const alert = await runInProcess(["audit", "--check"], workspace);
  assert.equal(alert.code, 1, alert.stderr);
  assert.match(alert.stdout, /^alert auth-failures: 3 authentication failures within 10 minutes/);
  const text = await ok(["audit"], workspace);
  assert.match(text.stdout, /auth\.failed\s+3/);
  assert.match(text.stderr, /1 open alert/);
  assert.equal((await runInProcess(["audit", "--check", "--since", "1m"], workspace)).code, 0);
  await ok(["config", "set", "settings.audit_auth_failures", "4"], workspace);
  assert.equal((await runInProcess(["audit", "--check"], workspace)).code, 0);
});

Deno.test("the audit log is pruned by the configured age and size, keeping the newest records", async () => {
  await using workspace = await tempWorkspace();
  await ok(["config", "init"], workspace);
  const old = JSON.stringify({
    time: "2020-01-01T00:00:00.000Z",
    command: "keys set",
    event: "key.set",
    pid: 1,
    user: "uid:1",
  });
  await Deno.writeTextFile(`${workspace.home}/audit.jsonl`, `${old}\n`.repeat(50));
  await ok(["config", "set", "settings.audit_max_age_days", "30"], workspace);
  let records = await auditRecords(workspace.home);
  assert.deepEqual(records.map((record) => record.event), [
    "config.set",
  ]);
  await ok(["config", "set", "settings.audit_max_bytes", "600"], workspace);
  for (const value of ["openai", "anthropic", "gemini", "mistral"]) {
    await ok(["config", "set", "default_provider", value], workspace);
  }
  records = await auditRecords(workspace.home);
  assert.ok((await Deno.stat(`${workspace.home}/audit.jsonl`)).size <= 600);
  assert.equal(records.at(-1).value, "mistral");
  assert.ok(records.length >= 2 && records.length < 6, `${records.length} records kept`);
  assert.equal((await Deno.stat(`${workspace.home}/audit.jsonl`)).mode! & 0o777, 0o600);
});

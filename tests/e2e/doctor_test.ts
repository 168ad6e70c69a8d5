import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const statusOf = (result: Json, id: string) =>
  result.checks.filter((check: Json) => check.id === id).map((check: Json) => check.status);

/** The status of each check in doctor's text output (`pass     config   …`), by id. */
function textStatuses(stdout: string): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const match of stdout.matchAll(/^(pass|warn|fail|unknown) +(\S+) /gm)) {
    statuses.set(match[2], match[1]);
  }
  return statuses;
}

Deno.test("omn doctor passes a clean setup under the release permission set", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("DOCTORENV");
  const env = { OPENAI_API_KEY: canary };
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  // One process, the text report: only the release permission set makes it all pass.
  const text = await runOmn(["doctor"], { ...workspace, env });
  assert.equal(text.code, 0, text.stdout + text.stderr);
  const statuses = textStatuses(text.stdout);
  assert.equal(statuses.get("config"), "pass");
  assert.equal(statuses.get("key-source.openai"), "pass");
  assert.equal(statuses.get("key-age.openai"), "unknown");
  assert.equal(statuses.get("file-modes.dir"), "pass");
  assert.equal(statuses.get("gitignore"), "unknown");
  assert.equal(statuses.get("secrets-in-files"), "pass");
  assert.equal(statuses.get("audit-alerts"), "pass");
  for (const name of ["read", "write", "net", "env", "run", "ffi", "sys"]) {
    assert.equal(statuses.get(`permission.${name}`), "pass", name);
  }
  assert.match(text.stdout, /^unknown\s+gitignore\s.*\n\s+fix: check by hand: git check-ignore/m);
  assert.match(text.stderr, /\d+ pass, 0 warn, 0 fail, \d+ unknown/);
  // The same checks as JSON, in process: the same ids in the same order, and the same
  // statuses but for the two kinds that the test's own wider permissions change (the
  // permission checks, and gitignore, which the permission set keeps from reading ./.git).
  const result = await runInProcess(["doctor", "--json"], { ...workspace, env });
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.checks.map((check: Json) => check.id), [...statuses.keys()]);
  for (const check of report.checks as { id: string; status: string }[]) {
    if (check.id.startsWith("permission.") || check.id === "gitignore") continue;
    assert.equal(check.status, statuses.get(check.id), check.id);
  }
  assertNoCanary({ json: result.stdout, text: text.stdout + text.stderr }, [canary]);
});

Deno.test("omn doctor fails on unsafe modes, plain-HTTP endpoints and secrets in omn's files, with fixes", async () => {
  await using workspace = await tempWorkspace();
  const [stored, leaked] = [openaiProjectKey("DOCSTORED"), anthropicKey("DOCLEAKED")];
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  assert.equal(
    (await runInProcess(["keys", "set", "openai", "--stdin"], { ...workspace, stdin: stored }))
      .code,
    0,
  );
  assert.equal(
    (await runInProcess(
      ["config", "set", "providers.corp.base_url", "http://gateway.example/v1"],
      workspace,
    ))
      .code,
    0,
  );
  await Deno.writeTextFile(`${workspace.home}/omn.log`, `request failed: key ${leaked}\n`, {
    mode: 0o600,
  });
  await Deno.chmod(`${workspace.home}/audit.jsonl`, 0o644);
  const result = await runInProcess(["doctor", "--json"], workspace);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(statusOf(report, "key-source.openai"), ["warn"]);
  assert.deepEqual(statusOf(report, "key-age.openai"), ["pass"]);
  assert.deepEqual(statusOf(report, "endpoint.corp"), ["fail"]);
  assert.deepEqual(statusOf(report, "file-modes.other"), ["warn"]);
  assert.deepEqual(statusOf(report, "secrets-in-files"), ["fail"]);
  const leak = report.checks.find((check: Json) => check.id === "secrets-in-files");
  assert.match(leak.detail, /sk-ant-\*\*\* \(fp:[0-9a-f]{12}\) in .*omn\.log:1:/);
  for (const check of report.checks.filter((check: Json) => check.status !== "pass")) {
    assert.ok(check.fix, `${check.id} has a fix`);
  }
  await Deno.chmod(`${workspace.home}/config.json`, 0o666);
  const unsafe = await runInProcess(["doctor", "--json"], workspace);
  assert.equal(unsafe.code, 1);
  const unsafeReport = JSON.parse(unsafe.stdout);
  assert.deepEqual(statusOf(unsafeReport, "config"), ["fail"]);
  assert.deepEqual(statusOf(unsafeReport, "file-modes.config"), ["fail"]);
  assert.match(
    unsafeReport.checks.find((check: Json) => check.id === "file-modes.config").fix,
    /^chmod 600 /,
  );
  assertNoCanary({ out: result.stdout + result.stderr, unsafe: unsafe.stdout + unsafe.stderr }, [
    stored,
    leaked,
  ]);
});

Deno.test("omn doctor --report writes a redacted 0600 bundle into the config directory", async () => {
  await using workspace = await tempWorkspace();
  const [stored, fromEnv] = [openaiProjectKey("REPSTORED"), anthropicKey("REPENV")];
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  assert.equal(
    (await runInProcess(["keys", "set", "openai", "--stdin"], { ...workspace, stdin: stored }))
      .code,
    0,
  );
  // A child process: the report's exit code 0 needs the release permission set's checks to pass.
  const result = await runOmn(["doctor", "--report"], {
    ...workspace,
    env: { ANTHROPIC_API_KEY: fromEnv },
  });
  assert.equal(result.code, 0, result.stderr);
  const path = result.stdout.trim();
  assert.ok(path.startsWith(`${workspace.home}/reports/doctor-`), path);
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  const bundle = JSON.parse(await Deno.readTextFile(path));
  assert.equal(bundle.config.providers.openai.api_key, "sk-proj-***");
  assert.deepEqual(bundle.credential_variables_set, ["ANTHROPIC_API_KEY"]);
  assert.ok(bundle.files.some((file: Json) => file.path === "config.json" && file.mode === "0600"));
  assert.match(result.stderr, /wrote a redacted diagnostic report to /);
  await assertNoCanaryInTree(
    workspace.home,
    [stored, fromEnv],
    (file) => file.endsWith("/config.json") || file.includes("/backups/"),
  );
  const again = await runInProcess(["doctor", "--json"], workspace);
  assert.deepEqual(statusOf(JSON.parse(again.stdout), "secrets-in-files"), ["pass"]);
});

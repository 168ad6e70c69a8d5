import assert from "node:assert/strict";
import { anthropicKey, awsSecretAccessKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

/** Every `*.log` file under `dir`, recursively, with its text. */
async function logFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) Object.assign(files, await logFiles(path));
    else if (entry.isFile && entry.name.endsWith(".log")) {
      files[path] = await Deno.readTextFile(path);
    }
  }
  return files;
}

Deno.test("every log record of a run of many commands at debug level is free of canaries", async () => {
  await using workspace = await tempWorkspace();
  const [key, pasted, prompt] = [
    openaiProjectKey("LOGKEY"),
    anthropicKey("LOGPASTED"),
    awsSecretAccessKey("LOGPROMPT"),
  ];
  const env = { OMNIMANCER_LOG: "debug:json", OPENAI_API_KEY: key };
  const outputs: Record<string, string> = {};
  const runs: [string[], string?][] = [
    [["config", "init", "--default-provider", "mock"]],
    [["keys", "set", "anthropic", "--stdin"], pasted],
    [["config", "set", "providers.openai.default_model", pasted]],
    [["ask", "--provider", "mock", `aws_secret_access_key=${prompt}`]],
    [["--log-format", "text", "keys", "list"]],
    [["--log-file", `${workspace.home}/logs/other.log`, "providers"]],
    [["usage"]],
    [["audit"]],
    [["doctor", "--report"]],
    [["keys", "rotate", "anthropic", "--stdin"], anthropicKey("LOGROTATED")],
  ];
  for (const [args, stdin] of runs) {
    const result = await runInProcess(args, { ...workspace, env, stdin });
    assert.ok(result.code === 0 || args[0] === "doctor", `${args.join(" ")}: ${result.stderr}`);
    outputs[`${args.join(" ")} stdout`] = result.stdout;
    outputs[`${args.join(" ")} stderr`] = result.stderr;
  }
  const logs = await logFiles(workspace.home);
  assert.deepEqual(Object.keys(logs).sort(), [
    `${workspace.home}/logs/other.log`,
    `${workspace.home}/omn.log`,
  ]);
  const lines = logs[`${workspace.home}/omn.log`].trim().split("\n");
  assert.ok(lines.length >= runs.length, `${lines.length} log lines`);
  const started = lines.filter((line) => line.includes("command started"));
  assert.equal(started.length, runs.length - 1);
  assert.ok(lines.some((line) => line.includes('"msg":"audit event recorded"')));
  assert.ok(
    lines.some((line) => /^\S+Z info command started pid=\d+ command="keys list"/.test(line)),
  );
  assertNoCanary({ ...logs, ...outputs }, [key, pasted, prompt]);
  for (const path of Object.keys(logs)) {
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600, path);
  }
});

Deno.test("logging is off by default, and a log file outside the config directory is refused in one line", async () => {
  await using workspace = await tempWorkspace();
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  assert.deepEqual(await logFiles(workspace.home), {});
  const outside = await runInProcess(
    ["--log-file", `${workspace.cwd}/omn.log`, "usage"],
    workspace,
  );
  assert.equal(outside.code, 3);
  assert.equal(outside.stderr.trim().split("\n").length, 1);
  assert.match(outside.stderr, /omn writes only inside its config directory/);
  await assert.rejects(Deno.stat(`${workspace.cwd}/omn.log`));
  const bad = await runInProcess(["usage"], { ...workspace, env: { OMNIMANCER_LOG: "loud" } });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Invalid OMNIMANCER_LOG "loud"/);
  const levels = await runInProcess(["--log-level", "warn", "usage"], workspace);
  assert.equal(levels.code, 0);
  assert.equal(await Deno.readTextFile(`${workspace.home}/omn.log`), "");
});

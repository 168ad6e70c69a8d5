import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  geminiKey,
  openaiProjectKey,
} from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

const COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";

Deno.test("omn redact masks every secret on a pipe and keeps ordinary text", async () => {
  await using workspace = await tempWorkspace();
  const canaries = [openaiProjectKey("R"), anthropicKey("R"), awsAccessKeyId("R"), geminiKey("R")];
  const input = canaries.map((canary, index) => `line ${index} token=${canary} commit ${COMMIT}\n`)
    .join("");
  const result = await runInProcess(["redact"], { ...workspace, stdin: input });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.split("\n").length, input.split("\n").length);
  assert.equal(result.stdout.match(new RegExp(COMMIT, "g"))?.length, 4);
  assert.match(result.stdout, /sk-proj-\*\*\*/);
  assert.match(result.stdout, /sk-ant-\*\*\*/);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, canaries);
});

Deno.test("omn redact masks a secret known from the environment even without a known shape", async () => {
  await using workspace = await tempWorkspace();
  const custom = "custom-CANARY-value-7f3a9";
  const result = await runInProcess(["redact"], {
    ...workspace,
    stdin: `value=${custom}\nencoded=${btoa(custom)}\n`,
    env: { OMNIMANCER_MYGATEWAY_API_KEY: custom, OPENAI_API_KEY: custom },
  });
  assert.equal(result.code, 0, result.stderr);
  assertNoCanary({ stdout: result.stdout }, [custom, btoa(custom)]);
});

Deno.test("omn scan reports findings with line and column, masked, and exits 1", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("S");
  const input = `clean line\n  key = "${canary}"\n`;
  const text = await runInProcess(["scan"], { ...workspace, stdin: input });
  assert.equal(text.code, 1);
  assert.match(text.stdout, /<stdin>:2:10/);
  const json = await runInProcess(["scan", "--format", "json", "-"], {
    ...workspace,
    stdin: input,
  });
  assert.equal(json.code, 1);
  const findings = JSON.parse(json.stdout);
  const list = Array.isArray(findings) ? findings : findings.findings;
  assert.equal(list.length, 1);
  assert.equal(list[0].line, 2);
  assert.equal(list[0].column, 10);
  assert.match(list[0].fingerprint, /^fp:[0-9a-f]{12}$/);
  const sarif = await runInProcess(["scan", "-f", "sarif"], { ...workspace, stdin: input });
  assert.equal(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.region.startLine, 2);
  const clean = await runInProcess(["scan"], { ...workspace, stdin: `commit ${COMMIT}\n` });
  assert.equal(clean.code, 0);
  assertNoCanary(
    { text: text.stdout, json: json.stdout, sarif: sarif.stdout, stderr: text.stderr },
    [canary],
  );
});

Deno.test("omn scan of a file outside the permission set gets one line and the stdin alternative", async () => {
  await using workspace = await tempWorkspace();
  const result = await runOmn(["scan", "/etc/passwd"], workspace);
  assert.equal(result.code, 3);
  assert.equal(result.stderr.trim().split("\n").length, 1);
  assert.match(result.stderr, /omn scan --name "\/etc\/passwd" - < "\/etc\/passwd"/);
  assert.doesNotMatch(result.stderr, /NotCapable|at /);
});

Deno.test("omn scan reads files inside the permission set, such as ./.env", async () => {
  await using workspace = await tempWorkspace();
  const canary = geminiKey("ENV");
  await Deno.writeTextFile(`${workspace.cwd}/.env`, `GEMINI_API_KEY=${canary}\n`);
  const result = await runOmn(["scan", ".env"], workspace);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /\.env:1:/);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [canary]);
});

Deno.test("omn redact behaves the same through the command tree (with a global flag) as on its fast path", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("TREE");
  const input = `a ${canary} b ${COMMIT}\n`;
  // A child process: a bare `redact` takes main.ts's fast path, which only a launch reaches.
  const fast = await runOmn(["redact"], { ...workspace, stdin: input });
  const tree = await runInProcess(["--quiet", "redact"], { ...workspace, stdin: input });
  assert.equal(fast.code, 0);
  assert.equal(tree.code, 0, tree.stderr);
  assert.equal(tree.stdout, fast.stdout);
  assertNoCanary({ fast: fast.stdout, tree: tree.stdout }, [canary]);
});

Deno.test("omn scan of a directory outside the permission set gets the repository recipe, in one line", async () => {
  await using workspace = await tempWorkspace();
  for (const path of [".", "src/", ".."]) {
    const result = await runOmn(["scan", path], workspace);
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, /git hash-object -t tree \/dev\/null\)" HEAD \| omn scan/);
    assert.doesNotMatch(result.stderr, /< "|run again|--allow-/);
  }
});

Deno.test("omn scan: a file it cannot read leaves stdout empty in every format, never half a document", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { recursive: true, mode: 0o700 });
  const readable = `${workspace.home}/a.txt`;
  await Deno.writeTextFile(readable, "nothing secret\n");
  for (const format of ["text", "json", "sarif"]) {
    const result = await runInProcess(
      ["scan", "--format", format, readable, `${workspace.home}/missing.txt`],
      workspace,
    );
    assert.equal(result.code, 2, `${format}: ${result.stderr}`);
    assert.equal(result.stdout, "", format);
    assert.match(result.stderr, /^error: Cannot read ".*missing\.txt": no such file/, format);
  }
});

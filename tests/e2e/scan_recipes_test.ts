/**
 * The README's `omn scan` recipes run as written against a real git
 * repository made by the test: the pre-commit hook and the code-scanning
 * (SARIF upload) job, with omn in this process behind the `omn` shim; plus
 * the scan of a large input in bounded memory, in a process of its own.
 *
 * @module
 */
import assert from "node:assert/strict";
import { childEnv } from "./_child_env.ts";
import { Validator } from "@cfworker/json-schema";
import { geminiKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { startOmnShim } from "./_omn_shim.ts";
import { runOmn, tempWorkspace, type Workspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
const SARIF_SCHEMA = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/sarif-2.1.0-core.schema.json", import.meta.url)),
);

/** The first fenced block of `language` after the heading `heading` in the README. */
function readmeBlock(heading: string, language: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no heading "${heading}"`);
  const open = README.indexOf("```" + language + "\n", start);
  const close = README.indexOf("\n```", open + 4);
  return README.slice(open + language.length + 4, close + 1);
}

interface Repository extends AsyncDisposable {
  dir: string;
  env: Record<string, string>;
  run(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * A git repository with one commit, and `omn` on PATH: the shim (`_omn_shim.ts`) that
 * runs the CLI in this process, so that git, the hook and bash are real and no `deno`
 * starts (a scan of stdin needs no permission: the release set's reading of stdin is
 * proven by the scan in bounded memory below, a process of its own).
 */
async function makeRepository(workspace: Workspace): Promise<Repository> {
  const dir = workspace.cwd;
  const shim = await startOmnShim(
    workspace.root,
    (args, call) => runInProcess(args, { ...workspace, ...call }),
  );
  // Deno's own cache stays where it is (childEnv), whatever HOME git and the hook see.
  const env = childEnv({
    OMNIMANCER_HOME: workspace.home,
    HOME: workspace.root,
    NO_COLOR: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    PATH: `${shim.bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
  });
  const run = async (command: string) => {
    const output = await new Deno.Command("bash", {
      args: ["--noprofile", "--norc", "-eo", "pipefail", "-c", command],
      cwd: dir,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  };
  const setup = await run(
    "git init -q -b main . && git config user.email dev@example.com && git config user.name dev" +
      " && mkdir -p src && printf 'name=demo\\nregion=eu\\n' > src/app.env" +
      " && git add . && git commit -qm init",
  );
  assert.equal(setup.code, 0, setup.stderr);
  return { dir, env, run, [Symbol.asyncDispose]: () => shim[Symbol.asyncDispose]() };
}

Deno.test("the README's pre-commit hook refuses a commit that adds a secret and passes one that removes it", async () => {
  await using workspace = await tempWorkspace();
  await using repository = await makeRepository(workspace);
  const hook = await repository.run(
    readmeBlock("### A pre-commit hook that refuses staged secrets", "sh"),
  );
  assert.equal(hook.code, 0, hook.stderr);
  const secret = geminiKey("HOOK");
  await Deno.writeTextFile(
    `${repository.dir}/src/app.env`,
    `name=demo\nGEMINI_API_KEY=${secret}\nregion=eu\n`,
  );
  const refused = await repository.run("git add src/app.env && git commit -qm 'add key'");
  assert.notEqual(refused.code, 0, "the commit must be refused");
  assert.match(refused.stdout + refused.stderr, /^src\/app\.env:2:16: google-api-key /m);
  assert.match(refused.stderr, /commit refused/);
  assert.equal((await repository.run("git rev-list --count HEAD")).stdout.trim(), "1");

  // The secret slipped in earlier (hook bypassed); the commit that removes it must pass.
  const bypass = await repository.run("git commit -qm 'add key' --no-verify");
  assert.equal(bypass.code, 0, bypass.stderr);
  await Deno.writeTextFile(`${repository.dir}/src/app.env`, "name=demo\nregion=eu\n");
  const removal = await repository.run("git add src/app.env && git commit -qm 'remove key'");
  assert.equal(removal.code, 0, removal.stdout + removal.stderr);

  // A documentation example and an acknowledged line pass, and say what they are.
  await Deno.writeTextFile(
    `${repository.dir}/docs.md`,
    `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\ntoken = ${openaiProjectKey("ALLOW")} # omn:allow\n`,
  );
  const acknowledged = await repository.run("git add docs.md && git commit -qm docs");
  assert.equal(acknowledged.code, 0, acknowledged.stdout + acknowledged.stderr);
  const diff = await repository.run("git diff HEAD~1 HEAD");
  const report = await runInProcess(["scan"], { ...workspace, stdin: diff.stdout });
  assert.match(report.stdout, /^docs\.md:1:21: aws-access-key-id .*\[documentation example\]$/m);
  assert.match(report.stdout, /^docs\.md:2:9: openai .*\[allowed: omn:allow comment\]$/m);
  assertNoCanary(
    { refused: refused.stdout + refused.stderr, report: report.stdout + report.stderr },
    [secret, openaiProjectKey("ALLOW")],
  );
});

Deno.test("the README's code-scanning job writes SARIF 2.1.0 that locates each secret in its file", async () => {
  await using workspace = await tempWorkspace();
  await using repository = await makeRepository(workspace);
  const secret = geminiKey("SARIF");
  await Deno.writeTextFile(`${repository.dir}/src/app.env`, `name=demo\n  key: ${secret}\n`);
  await Deno.mkdir(`${repository.dir}/dir with space`);
  await Deno.writeTextFile(`${repository.dir}/dir with space/x.txt`, `${openaiProjectKey("SP")}\n`);
  const commit = await repository.run("git add -A && git commit -qm secrets");
  assert.equal(commit.code, 0, commit.stderr);
  const job = readmeBlock("### Secrets in code scanning (SARIF upload)", "yaml");
  const step = /- name: Scan the repository\n\s+run: (.+)\n/.exec(job);
  assert.ok(step, "the job has a scan step");
  const scan = await repository.run(step[1]);
  assert.equal(scan.code, 1, scan.stderr);
  const text = await Deno.readTextFile(`${repository.dir}/omn.sarif`);
  const log = JSON.parse(text);
  const validation = new Validator(SARIF_SCHEMA, "7").validate(log);
  assert.deepEqual(validation.errors, [], "valid SARIF 2.1.0");
  const results = log.runs[0].results;
  const located = results.map((result: {
    ruleId: string;
    partialFingerprints: Record<string, string>;
    locations: {
      physicalLocation: {
        artifactLocation: { uri: string };
        region: { startLine: number; startColumn: number };
      };
    }[];
  }) => ({
    rule: result.ruleId,
    uri: result.locations[0].physicalLocation.artifactLocation.uri,
    line: result.locations[0].physicalLocation.region.startLine,
    column: result.locations[0].physicalLocation.region.startColumn,
    fingerprint: /^fp:[0-9a-f]{12}$/.test(result.partialFingerprints["secretFingerprint/v1"]),
  }));
  assert.deepEqual(located, [
    { rule: "openai", uri: "dir%20with%20space/x.txt", line: 1, column: 1, fingerprint: true },
    { rule: "google-api-key", uri: "src/app.env", line: 2, column: 8, fingerprint: true },
  ]);
  const rules = log.runs[0].tool.driver.rules;
  for (const rule of rules) {
    assert.ok(rule.help.text.length > 0, `${rule.id} has help`);
  }
  assert.equal(
    rules.find((rule: { id: string }) => rule.id === "openai").helpUri,
    "https://platform.openai.com/api-keys",
  );
  // The same secret gets the same partial fingerprint on every run.
  const diff = await repository.run('git diff "$(git hash-object -t tree /dev/null)" HEAD');
  const again = await runInProcess(["scan", "--format", "sarif"], {
    ...workspace,
    stdin: diff.stdout,
  });
  assert.equal(again.code, 1);
  assert.deepEqual(
    JSON.parse(again.stdout).runs[0].results.map(
      (result: { partialFingerprints: unknown }) => result.partialFingerprints,
    ),
    results.map((result: { partialFingerprints: unknown }) => result.partialFingerprints),
  );
  assertNoCanary({ sarif: text, stderr: scan.stderr }, [secret, openaiProjectKey("SP")]);
});

Deno.test("--name names stdin; --allow and --baseline keep acknowledged fingerprints in the config", async () => {
  await using workspace = await tempWorkspace();
  const secret = geminiKey("NAME");
  const input = `line\nkey=${secret}\n`;
  const named = await runInProcess(["scan", "--format", "json", "--name", "build.log", "-"], {
    ...workspace,
    stdin: input,
  });
  assert.equal(named.code, 1);
  const [finding] = JSON.parse(named.stdout);
  assert.equal(finding.source, "build.log");
  assert.equal(finding.status, "secret");
  const allow = await runInProcess(["scan", "--allow", finding.fingerprint], workspace);
  assert.equal(allow.code, 0, allow.stderr);
  const baseline = await runInProcess(["scan", "--baseline"], workspace);
  assert.equal(baseline.code, 0, baseline.stderr);
  assert.deepEqual(JSON.parse(baseline.stdout), [finding.fingerprint]);
  const after = await runInProcess(["scan", "-"], { ...workspace, stdin: input });
  assert.equal(after.code, 0, after.stderr);
  assert.match(after.stdout, /\[allowed: settings\.scan_allow\]/);
  const bad = await runInProcess(["scan", "--allow", "AKIAQWERTY"], workspace);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  const nameWithoutStdin = await runInProcess(["scan", "--name", "x", ".env"], workspace);
  assert.equal(nameWithoutStdin.code, 2);
  assertNoCanary({ named: named.stdout, after: after.stdout, stderr: named.stderr }, [secret]);
});

Deno.test("scan reports findings as it goes and caps them per input, in bounded memory", async () => {
  await using workspace = await tempWorkspace();
  // 20 MB of text in a 16 MB heap: reading it whole would run out of memory (the scan holds
  // one chunk at a time, so a larger input proves no more; omn starts in a 12 MB heap).
  const secret = geminiKey("BIG");
  const block = `${"random-ish text 9fceb02d0ae598e95dc970b74767f19372d61af8 ".repeat(1000)}\n`;
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < 20_000_000; index++) {
    const part = index % 20 === 0 ? `${block}key=${secret}\n` : block;
    parts.push(part);
    size += part.length;
  }
  // A child process: only a process of its own has a heap this small.
  const result = await runOmn(["scan", "-"], {
    ...workspace,
    stdin: parts.join(""),
    env: { DENO_V8_FLAGS: "--max-old-space-size=16" },
  });
  assert.equal(result.code, 1, result.stderr.slice(0, 500));
  const lines = result.stdout.trim().split("\n");
  assert.equal(lines.length, Math.ceil(parts.length / 20));
  assert.match(lines[0], /^<stdin>:2:5: google-api-key /);

  const many = Array.from({ length: 1200 }, () => `k=${secret}\n`).join("");
  const capped = await runInProcess(["scan", "--format", "sarif", "-"], {
    ...workspace,
    stdin: many,
  });
  assert.equal(capped.code, 1);
  const log = JSON.parse(capped.stdout);
  assert.equal(log.runs[0].results.length, 1000);
  assert.match(
    log.runs[0].invocations[0].toolExecutionNotifications[0].message.text,
    /200 more findings not listed/,
  );
  assert.match(
    capped.stderr,
    /<stdin>: 200 more findings not listed \(omn scan lists at most 1000 per input\)/,
  );
  assert.deepEqual(new Validator(SARIF_SCHEMA, "7").validate(log).errors, []);
  assertNoCanary({ stdout: result.stdout, capped: capped.stdout }, [secret]);
});

Deno.test("--diff reads a patch that does not start like one; --no-diff scans a diff as text", async () => {
  await using workspace = await tempWorkspace();
  const removed = geminiKey("OLD");
  const added = geminiKey("NEW");
  const diff = [
    "diff --git a/app.env b/app.env",
    "--- a/app.env",
    "+++ b/app.env",
    "@@ -1 +1 @@",
    `-KEY=${removed}`,
    `+KEY=${added}`,
    "",
  ].join("\n");
  const show =
    `commit 9fceb02d0ae598e95dc970b74767f19372d61af8\nAuthor: dev\n\n    rotate\n\n${diff}`;
  const forced = await runInProcess(["scan", "--diff", "-"], { ...workspace, stdin: show });
  assert.equal(forced.code, 1);
  assert.equal(forced.stdout.trim().split("\n").length, 1, forced.stdout);
  assert.match(forced.stdout, /^app\.env:1:5: google-api-key /);
  const asText = await runInProcess(["scan", "--no-diff", "-"], { ...workspace, stdin: diff });
  assert.equal(asText.code, 1);
  assert.deepEqual(
    asText.stdout.trim().split("\n").map((line) => line.split(": ")[0]),
    ["<stdin>:5:6", "<stdin>:6:6"],
  );
  assertNoCanary({ forced: forced.stdout, asText: asText.stdout }, [removed, added]);
});

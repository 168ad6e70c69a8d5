/**
 * Profiles through the real CLI: a key stored in one profile is never used
 * by another, in `keys list`, `providers` or `ask`, and purges stay per key.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { DEFAULT_REPLY } from "../fakes/_fake_server.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { type OmnResult, tempWorkspace, type Workspace } from "./_omn.ts";

const [devKey, prodKey, devNext, envKey] = ["DEV", "PROD", "DEVNEXT", "ENV"].map((tag) =>
  openaiProjectKey(tag)
);
const canaries = [devKey, prodKey, devNext, envKey];

const isConfigOrBackup = (path: string) =>
  path.endsWith("/config.json") || path.includes("/backups/");

async function omn(
  workspace: Workspace,
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; code?: number } = {},
): Promise<OmnResult> {
  const result = await runInProcess(args, { ...workspace, stdin: options.stdin, env: options.env });
  assert.equal(result.code, options.code ?? 0, `omn ${args.join(" ")}: ${result.stderr}`);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, canaries);
  return result;
}

/** The fingerprint of the openai key `keys list --json` shows, and the profile it names. */
async function listedOpenAI(
  workspace: Workspace,
  args: string[],
  env?: Record<string, string>,
): Promise<{ profile: string; fingerprint?: string; source?: string }> {
  const list = JSON.parse(
    (await omn(workspace, [...args, "keys", "list", "--json"], { env })).stdout,
  );
  const row = list.keys.find((key: { provider: string }) => key.provider === "openai");
  return { profile: list.profile, fingerprint: row?.fingerprint, source: row?.source };
}

async function backupTexts(home: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const entry of Deno.readDir(`${home}/backups`)) {
    texts.push(await Deno.readTextFile(`${home}/backups/${entry.name}`));
  }
  return texts;
}

Deno.test("a key stored in one profile is never used by another: keys list, providers and ask", async () => {
  await using workspace = await tempWorkspace();
  await using devFake = await startOpenAIChatFake({ apiKey: devKey });
  await using prodFake = await startOpenAIChatFake({ apiKey: prodKey });
  await omn(workspace, ["profiles", "add", "prod"]);
  await omn(workspace, ["keys", "set", "openai", "--stdin"], { stdin: devKey });
  const set = await omn(workspace, ["--profile", "prod", "keys", "set", "openai", "--stdin"], {
    stdin: prodKey,
  });
  assert.match(set.stderr, /in profile "prod" of /);

  assert.deepEqual(await listedOpenAI(workspace, []), {
    profile: "default",
    fingerprint: fingerprint(devKey),
    source: "config",
  });
  assert.deepEqual(await listedOpenAI(workspace, ["--profile", "prod"]), {
    profile: "prod",
    fingerprint: fingerprint(prodKey),
    source: "config",
  });
  const providers = JSON.parse(
    (await omn(workspace, ["providers", "--json"], { env: { OMNIMANCER_PROFILE: "prod" } }))
      .stdout,
  );
  const openai = providers.find((view: { id: string }) => view.id === "openai");
  assert.equal(openai.profile, "prod");
  assert.equal(openai.credentials[0].fingerprint, fingerprint(prodKey));
  const text = await omn(workspace, ["providers"]);
  assert.match(text.stderr, /Profile: default/);
  assert.match(text.stdout, new RegExp(`^openai\\tconfigured\\t.*${fingerprint(devKey)}`, "m"));

  const ask = (fake: { baseURL: string }, args: string[], env?: Record<string, string>) =>
    runInProcess([...args, "ask", "--provider", "openai", "--base-url", fake.baseURL, "hi"], {
      ...workspace,
      env,
    });
  const sentBy = (fake: { requests: { headers: Headers }[] }) =>
    fingerprint(fake.requests.at(-1)?.headers.get("authorization")?.replace(/^Bearer /, "") ?? "");

  const prod = await ask(prodFake, ["--profile", "prod"]);
  assert.equal(prod.code, 0, prod.stderr);
  assert.equal(prod.stdout, DEFAULT_REPLY + "\n");
  assert.equal(sentBy(prodFake), fingerprint(prodKey));
  const byVariable = await ask(prodFake, [], { OMNIMANCER_PROFILE: "prod" });
  assert.equal(byVariable.code, 0, byVariable.stderr);
  assert.equal(sentBy(prodFake), fingerprint(prodKey));
  const flagWins = await ask(devFake, ["--profile", "default"], { OMNIMANCER_PROFILE: "prod" });
  assert.equal(flagWins.code, 0, flagWins.stderr);
  assert.equal(sentBy(devFake), fingerprint(devKey));
  assert.deepEqual(devFake.violations, []);

  // The default profile sends its own key to prod's endpoint, never prod's: rejected, exit 4.
  const crossed = await ask(prodFake, []);
  assert.equal(crossed.code, 4, crossed.stderr);
  assert.equal(sentBy(prodFake), fingerprint(devKey));
  assert.match(crossed.stderr, new RegExp(fingerprint(devKey)));
  assert.deepEqual(prodFake.takeViolations(), ["openai: wrong key in the bearer credential"]);
  const headless = await runInProcess(
    ["--profile", "prod", "-p", "hi", "--provider", "openai", "--base-url", prodFake.baseURL],
    workspace,
  );
  assert.equal(headless.code, 0, headless.stderr);
  assert.equal(sentBy(prodFake), fingerprint(prodKey));

  // The environment beats a stored key in any profile, and names no profile.
  assert.deepEqual(
    await listedOpenAI(workspace, ["--profile", "prod"], { OMNIMANCER_OPENAI_API_KEY: envKey }),
    { profile: "prod", fingerprint: fingerprint(envKey), source: "env" },
  );

  const { records } = await readAudit(workspace.home);
  assert.deepEqual(
    records.filter((record) => record.event === "key.set").map((record) =>
      `${record.profile}:${record.fingerprint}`
    ),
    [`default:${fingerprint(devKey)}`, `prod:${fingerprint(prodKey)}`],
  );
  assert.ok(
    records.some((record) => record.event === "auth.failed" && record.profile === "default"),
  );
  for (const output of [prod, byVariable, flagWins, crossed, headless]) {
    assertNoCanary({ stdout: output.stdout, stderr: output.stderr }, canaries);
  }
  await assertNoCanaryInTree(workspace.home, canaries, isConfigOrBackup);
});

Deno.test("keys remove and rotate in one profile leave the other's key; backups are purged per key", async () => {
  await using workspace = await tempWorkspace();
  await omn(workspace, ["profiles", "add", "prod"]);
  await omn(workspace, ["keys", "set", "openai", "--stdin"], { stdin: devKey });
  await omn(workspace, ["keys", "set", "openai", "--stdin", "--profile", "prod"], {
    stdin: prodKey,
  });
  await omn(workspace, ["config", "set", "providers.openai.default_model", "gpt-4o"], {
    env: { OMNIMANCER_PROFILE: "prod" },
  });

  await omn(workspace, ["keys", "rotate", "openai", "--stdin"], { stdin: devNext });
  const config = await Deno.readTextFile(`${workspace.home}/config.json`);
  assert.ok(config.includes(devNext) && config.includes(prodKey) && !config.includes(devKey));
  for (const text of await backupTexts(workspace.home)) assert.ok(!text.includes(devKey));
  assert.ok((await backupTexts(workspace.home)).some((text) => text.includes(prodKey)));

  const removed = await omn(workspace, ["--profile", "prod", "keys", "remove", "openai"]);
  assert.match(removed.stderr, /Removed the openai key from profile "prod"/);
  assert.equal((await listedOpenAI(workspace, ["--profile", "prod"])).fingerprint, undefined);
  assert.equal((await listedOpenAI(workspace, [])).fingerprint, fingerprint(devNext));
  const after = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.deepEqual(after.profiles.prod, {
    providers: { openai: { default_model: "gpt-4o" } },
  });
  await assertNoCanaryInTree(workspace.home, [devKey, prodKey]);
  const again = await omn(workspace, ["--profile", "prod", "keys", "remove", "openai"], {
    code: 3,
  });
  assert.match(again.stderr, /No stored key for openai in profile "prod"/);
});

Deno.test("profiles add, list and rm; rm of a profile with keys asks for --yes and purges them", async () => {
  await using workspace = await tempWorkspace();
  await omn(workspace, ["config", "init", "--default-provider", "mock"]);
  await omn(workspace, ["profiles", "add", "prod"]);
  await omn(workspace, ["profiles", "add", "prod"], { code: 3 });
  await omn(workspace, ["profiles", "add", "Prod"], { code: 2 });
  await omn(workspace, ["--profile", "prod", "keys", "set", "anthropic", "--stdin"], {
    stdin: anthropicKey("RM"),
  });
  const list = JSON.parse((await omn(workspace, ["profiles", "list", "--json"])).stdout);
  assert.deepEqual(list.map((row: { name: string; keys: string[] }) => [row.name, row.keys]), [
    ["default", []],
    ["prod", ["anthropic"]],
  ]);
  assert.match((await omn(workspace, ["profiles"])).stdout, /^\*\s+default\s+mock\s+-$/m);

  await omn(workspace, ["profiles", "rm", "default"], { code: 2 });
  const refused = await omn(workspace, ["profiles", "rm", "prod"], { code: 2 });
  assert.match(refused.stderr, /holds keys for anthropic.*--yes/);
  await omn(workspace, ["profiles", "rm", "prod", "--yes"]);
  await assertNoCanaryInTree(workspace.home, [anthropicKey("RM")]);
  const gone = await omn(workspace, ["--profile", "prod", "keys", "list"], { code: 3 });
  assert.match(gone.stderr, /Unknown profile "prod": create it with omn profiles add prod/);
  assert.equal(gone.stderr.trim().split("\n").length, 1);
});

Deno.test("an unknown profile exits 3 naming omn profiles add; an invalid name exits 2", async () => {
  await using workspace = await tempWorkspace();
  for (const args of [["keys", "list"], ["providers"], ["ask", "--provider", "mock", "hi"]]) {
    const result = await omn(workspace, args, { env: { OMNIMANCER_PROFILE: "staging" }, code: 3 });
    assert.match(result.stderr, /omn profiles add staging/);
  }
  const invalid = await omn(workspace, ["--profile", "../etc", "keys", "list"], { code: 2 });
  assert.match(invalid.stderr, /Invalid profile name "\.\.\/etc" given to --profile/);
  // default always exists, even without a config file.
  await omn(workspace, ["--profile", "default", "ask", "--provider", "mock", "hi"]);
});

Deno.test("an existing single-profile config works unchanged and is written as before", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  const original = JSON.stringify(
    {
      version: 1,
      default_provider: "mock",
      settings: { on_secret: "redact" },
      providers: { openai: { api_key: devKey, default_model: "gpt-4o-mini" } },
    },
    null,
    2,
  ) + "\n";
  await Deno.writeTextFile(`${workspace.home}/config.json`, original, { mode: 0o600 });
  assert.equal((await listedOpenAI(workspace, [])).fingerprint, fingerprint(devKey));
  await omn(workspace, ["ask", "hi"]);
  const doctor = await runInProcess(["doctor", "--json"], workspace);
  const profile = JSON.parse(doctor.stdout).checks.find((check: { id: string }) =>
    check.id === "profile"
  );
  assert.equal(profile.status, "pass");
  assert.match(profile.detail, /profile "default"/);
  assert.equal(await Deno.readTextFile(`${workspace.home}/config.json`), original);
  await omn(workspace, ["config", "set", "providers.openai.default_model", "gpt-4o"]);
  assert.equal(
    await Deno.readTextFile(`${workspace.home}/config.json`),
    original.replace('"gpt-4o-mini"', '"gpt-4o"'),
  );
});

import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  openaiProjectKey,
  openrouterKey,
} from "../credentials/_canaries.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { type RunOmnOptions, tempWorkspace } from "./_omn.ts";

// deno-lint-ignore no-explicit-any
const listKeys = async (workspace: RunOmnOptions): Promise<any[]> => {
  const result = await runInProcess(["keys", "list", "--json"], workspace);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).keys;
};

Deno.test("keys set --stdin stores a key 0600; keys list shows it masked with its fingerprint", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("SET");
  const set = await runInProcess(["keys", "set", "openai", "--stdin"], {
    ...workspace,
    stdin: canary + "\n",
  });
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stderr, /Stored the openai key sk-proj-\*\*\* \(fp:[0-9a-f]{12}\)/);
  assert.equal((await Deno.stat(`${workspace.home}/config.json`)).mode! & 0o777, 0o600);
  const [row] = (await listKeys(workspace)).filter((key) => key.provider === "openai");
  assert.equal(row.source, "config");
  assert.equal(row.masked, "sk-proj-***");
  assert.match(row.fingerprint, /^fp:[0-9a-f]{12}$/);
  assert.equal(row.age_days, 0);
  assert.equal(row.rotate, false);
  assert.equal(row.format, "ok");
  const text = await runInProcess(["keys", "list"], workspace);
  assertNoCanary({ set: set.stderr, list: text.stdout, listErr: text.stderr }, [canary]);
  await assertNoCanaryInTree(workspace.home, [canary], (path) => path.endsWith("/config.json"));
});

Deno.test("a key is never taken from arguments, and a hidden prompt needs a terminal", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("ARGV");
  const argv = await runInProcess(["keys", "set", "openai", canary], workspace);
  assert.equal(argv.code, 2);
  const prompt = await runInProcess(["keys", "set", "openai"], workspace);
  assert.equal(prompt.code, 2);
  assert.match(prompt.stderr, /--stdin/);
  assertNoCanary({ argv: argv.stderr + argv.stdout }, [canary]);
  await assert.rejects(Deno.stat(`${workspace.home}/config.json`));
});

Deno.test("a malformed key is refused with exit 3 naming the rule, never the key", async () => {
  await using workspace = await tempWorkspace();
  const wrong = openrouterKey("WRONG");
  const result = await runInProcess(["keys", "set", "openai", "--stdin"], {
    ...workspace,
    stdin: wrong,
  });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /OpenRouter/);
  assert.equal(result.stderr.trim().split("\n").length, 1);
  const short = await runInProcess(["keys", "set", "anthropic", "--stdin"], {
    ...workspace,
    stdin: "sk-ant-CANARY-short",
  });
  assert.equal(short.code, 3);
  assertNoCanary({ wrong: result.stderr, short: short.stderr }, [wrong, "sk-ant-CANARY-short"]);
});

Deno.test("the environment beats ./.env, which beats the config dir's .env, which beats the config", async () => {
  await using workspace = await tempWorkspace();
  const [stored, configDotenv, cwdDotenv, environment] = ["C", "D", "W", "E"].map((tag) =>
    anthropicKey(tag)
  );
  assert.equal(
    (await runInProcess(["keys", "set", "anthropic", "--stdin"], { ...workspace, stdin: stored }))
      .code,
    0,
  );
  const fingerprintOf = async (extra: Record<string, string> = {}) => {
    const [row] = (await listKeys({ ...workspace, env: extra })).filter((key) =>
      key.provider === "anthropic"
    );
    return row;
  };
  assert.equal((await fingerprintOf()).source, "config");
  await Deno.writeTextFile(`${workspace.home}/.env`, `ANTHROPIC_API_KEY=${configDotenv}\n`, {
    mode: 0o600,
  });
  assert.equal((await fingerprintOf()).source, "config-dir .env");
  await Deno.writeTextFile(`${workspace.cwd}/.env`, `CLAUDE_API_KEY=${cwdDotenv}\n`);
  // ./.env counts only in a trusted directory.
  assert.equal((await fingerprintOf()).source, "config-dir .env");
  assert.equal((await runInProcess(["trust"], workspace)).code, 0);
  assert.equal((await fingerprintOf()).source, ".env");
  const fromEnv = await fingerprintOf({ CLAUDE_API_KEY: environment });
  assert.equal(fromEnv.source, "env");
  assert.equal(fromEnv.variable, "CLAUDE_API_KEY");
  const own = await fingerprintOf({
    CLAUDE_API_KEY: environment,
    OMNIMANCER_ANTHROPIC_API_KEY: cwdDotenv,
  });
  assert.equal(own.variable, "OMNIMANCER_ANTHROPIC_API_KEY");
});

Deno.test("a .env that sets an endpoint is ignored with a warning", async () => {
  await using workspace = await tempWorkspace();
  await Deno.writeTextFile(
    `${workspace.cwd}/.env`,
    "OPENAI_BASE_URL=https://evil.example/v1\nOMNIMANCER_HOME=/tmp/elsewhere\n",
  );
  const result = await runInProcess(["keys", "list"], {
    ...workspace,
    env: { OMNIMANCER_TRUST_DOTENV: "1" },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Ignoring OPENAI_BASE_URL in "\.\/\.env"/);
  assert.match(result.stderr, /OMNIMANCER_HOME/);
  assert.doesNotMatch(result.stderr, /evil\.example/);
});

Deno.test("keys rotate replaces the key and purges the old one from every backup; remove purges everything", async () => {
  await using workspace = await tempWorkspace();
  const [first, second] = [openaiProjectKey("OLD"), openaiProjectKey("NEW")];
  assert.equal(
    (await runInProcess(["config", "init", "--default-provider", "mock"], workspace)).code,
    0,
  );
  assert.equal(
    (await runInProcess(["keys", "set", "openai", "--stdin"], { ...workspace, stdin: first })).code,
    0,
  );
  assert.equal(
    (await runInProcess(["config", "set", "providers.openai.default_model", "gpt-4o"], workspace))
      .code,
    0,
  );
  const rotate = await runInProcess(["keys", "rotate", "openai", "--stdin"], {
    ...workspace,
    stdin: second,
  });
  assert.equal(rotate.code, 0, rotate.stderr);
  assert.match(rotate.stderr, /Purged the old key from \d+ backups?/);
  await assertNoCanaryInTree(workspace.home, [first]);
  assert.match(await Deno.readTextFile(`${workspace.home}/config.json`), /NEW/);
  const remove = await runInProcess(["keys", "remove", "openai"], workspace);
  assert.equal(remove.code, 0, remove.stderr);
  await assertNoCanaryInTree(workspace.home, [first, second]);
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.deepEqual(config.providers.openai, { default_model: "gpt-4o" });
  assert.equal(
    (await runInProcess(["keys", "rotate", "openai", "--stdin"], { ...workspace, stdin: second }))
      .code,
    3,
  );
});

Deno.test("bedrock keys: an AWS key pair from stdin; a temporary id without a session token is refused", async () => {
  await using workspace = await tempWorkspace();
  const id = awsAccessKeyId("B");
  const secret = awsSecretAccessKey("B");
  const result = await runInProcess(["keys", "set", "bedrock", "--stdin"], {
    ...workspace,
    stdin: `${id}\n${secret}\n`,
  });
  assert.equal(result.code, 0, result.stderr);
  const rows = (await listKeys(workspace)).filter((key) => key.provider === "bedrock");
  assert.deepEqual(rows.map((row) => row.field).sort(), ["access_key_id", "secret_access_key"]);
  const temporary = await runInProcess(["keys", "set", "bedrock", "--stdin"], {
    ...workspace,
    stdin: `${awsAccessKeyId("T", "ASIA")}\n${secret}\n`,
  });
  assert.equal(temporary.code, 3);
  assert.match(temporary.stderr, /session token/);
  assertNoCanary({ set: result.stderr, temporary: temporary.stderr }, [id, secret]);
});

Deno.test("keys older than 30 days are flagged for rotation", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("AGE");
  assert.equal(
    (await runInProcess(["keys", "set", "openai", "--stdin"], { ...workspace, stdin: canary }))
      .code,
    0,
  );
  const file = `${workspace.home}/config.json`;
  const config = JSON.parse(await Deno.readTextFile(file));
  config.providers.openai.key_updated_at = new Date(Date.now() - 45 * 86_400_000).toISOString();
  await Deno.writeTextFile(file, JSON.stringify(config));
  const result = await runInProcess(["keys", "list", "--json"], workspace);
  const [row] = JSON.parse(result.stdout).keys.filter((key: { provider: string }) =>
    key.provider === "openai"
  );
  assert.equal(row.age_days, 45);
  assert.equal(row.rotate, true);
  assert.match(result.stderr, /45 days old: rotate it with omn keys rotate openai/);
});

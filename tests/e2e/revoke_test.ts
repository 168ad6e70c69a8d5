/**
 * `omn keys revoke` end to end, with the real CLI run in process
 * (`runInProcess`): a compromised key purged from the config and every
 * backup, plain or encrypted; a canary planted in a conversation and in a
 * log reported by file and count; the incident in the audit log; the
 * provider's key page and the replacement command printed; a key from the
 * environment reported as beyond omn's reach. The canary never reaches an
 * output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { MIN_KDF_ITERATIONS } from "../../src/config/envelope.ts";
import { type OmnResult, tempWorkspace, type Workspace } from "./_omn.ts";

const PASSPHRASE = "CANARY passphrase for revoking";

function omn(workspace: Workspace, args: string[], options: {
  env?: Record<string, string>;
  stdin?: string;
} = {}): Promise<OmnResult> {
  return runInProcess(args, { home: workspace.home, cwd: workspace.cwd, ...options });
}

async function ok(workspace: Workspace, args: string[], options: {
  env?: Record<string, string>;
  stdin?: string;
} = {}): Promise<OmnResult> {
  const result = await omn(workspace, args, options);
  assert.equal(result.code, 0, `omn ${args.join(" ")}: ${result.stderr}`);
  return result;
}

/** Plants the key in a conversation (JSON-escaped) and in a log (raw and base64). */
async function plant(workspace: Workspace, key: string): Promise<void> {
  await Deno.mkdir(`${workspace.home}/conversations`, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/conversations/leaked.json`,
    JSON.stringify({ messages: [{ role: "user", content: `use "${key}"` }] }),
    { mode: 0o600 },
  );
  await Deno.writeTextFile(
    `${workspace.home}/omn.log`,
    `debug header ${key}\ndebug basic ${btoa(`user:${key}`)}\n`,
    { mode: 0o600 },
  );
}

// deno-lint-ignore no-explicit-any
async function auditRecords(home: string): Promise<any[]> {
  const text = await Deno.readTextFile(`${home}/audit.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("keys revoke purges the key from the config and every backup and reports where it was seen", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EREVOKE");
  const other = anthropicKey("E2EKEEP");
  const results: Record<string, OmnResult> = {};
  results.set = await ok(workspace, ["keys", "set", "openai", "--stdin"], { stdin: key });
  results.other = await ok(workspace, ["keys", "set", "anthropic", "--stdin"], { stdin: other });
  await ok(workspace, ["config", "set", "settings.color", "false"]);
  await plant(workspace, key);

  results.revoke = await ok(workspace, ["keys", "revoke", "openai"]);
  const report = results.revoke.stdout;
  assert.match(
    report,
    /^Revoking the openai key: api_key sk-proj-\*\*\* \(fp:[0-9a-f]{12}\) from config/m,
  );
  assert.match(report, /^Removed from: config\.json, backups\/config-/m);
  assert.match(report, /^ {2}conversations\/leaked\.json: 1 time$/m);
  assert.match(report, /^ {2}omn\.log: 2 times$/m);
  assert.match(report, /https:\/\/platform\.openai\.com\/api-keys/);
  assert.match(report, /^Then store the replacement: omn keys set openai --encrypt$/m);

  // Only the two planted files still hold it; the other provider's key stays.
  await assertNoCanaryInTree(
    workspace.home,
    [key],
    (path) => path.endsWith("/conversations/leaked.json") || path.endsWith("/omn.log"),
  );
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.equal(config.providers.anthropic.api_key, other);
  assert.equal(config.providers.openai?.api_key, undefined);

  const incident = (await auditRecords(workspace.home)).find((record) =>
    record.event === "key.revoked"
  );
  assert.equal(incident.provider, "openai");
  assert.match(incident.fingerprint, /^fp:[0-9a-f]{12}$/);
  assert.ok(incident.purged.includes("config.json"));
  assert.deepEqual(incident.traces, [
    { file: "conversations/leaked.json", count: 1 },
    { file: "omn.log", count: 2 },
  ]);

  results.list = await ok(workspace, ["keys", "list", "--json"]);
  const rows = JSON.parse(results.list.stdout).keys;
  assert.equal(rows.some((row: { provider: string }) => row.provider === "openai"), false);
  assertNoCanary(
    Object.fromEntries(
      Object.entries(results).flatMap(([name, result]) => [
        [`${name} stdout`, result.stdout],
        [`${name} stderr`, result.stderr],
      ]),
    ),
    [key, other],
  );
});

Deno.test("keys revoke --json: an encrypted key and its copies in the backups are purged with the passphrase", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EREVENC");
  const env = { OMNIMANCER_PASSPHRASE: PASSPHRASE };
  await ok(workspace, ["keys", "set", "openai", "--stdin"], { stdin: key });
  // The fewest PBKDF2 iterations the config accepts: each of the test's key derivations
  // costs a sixth of the default's (keystore_test.ts proves the default count).
  await ok(workspace, ["config", "set", "settings.kdf_iterations", String(MIN_KDF_ITERATIONS)]);
  await ok(workspace, ["keys", "encrypt"], { env });
  await ok(workspace, ["keys", "decrypt"], { env }); // backups keep encrypted copies
  await ok(workspace, ["keys", "encrypt"], { env }); // a second, different envelope
  await plant(workspace, key);

  const revoke = await ok(workspace, ["keys", "revoke", "openai", "--json"], { env });
  const report = JSON.parse(revoke.stdout);
  assert.equal(report.key[0].source, "config (encrypted) (api_key)");
  assert.equal(report.unchecked_encrypted, 0);
  assert.equal(report.traces.length, 2);
  assert.equal(report.revoke_at, "https://platform.openai.com/api-keys");
  const tree = new Map<string, string>();
  for await (const entry of Deno.readDir(`${workspace.home}/backups`)) {
    tree.set(entry.name, await Deno.readTextFile(`${workspace.home}/backups/${entry.name}`));
  }
  for (const [name, text] of tree) {
    assert.equal(JSON.parse(text).providers?.openai?.api_key, undefined, name);
  }
  await assertNoCanaryInTree(
    workspace.home,
    [key],
    (path) => path.endsWith("/conversations/leaked.json") || path.endsWith("/omn.log"),
  );
  assertNoCanary({ stdout: revoke.stdout, stderr: revoke.stderr }, [key, PASSPHRASE]);
});

Deno.test("keys revoke of a key from the environment says omn cannot remove it and does the rest", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EREVENV");
  const stored = openaiProjectKey("E2ESTORED");
  await ok(workspace, ["keys", "set", "openai", "--stdin"], { stdin: stored });
  await plant(workspace, key);
  const revoke = await ok(workspace, ["keys", "revoke", "openai"], {
    env: { OPENAI_API_KEY: key },
  });
  assert.match(
    revoke.stderr,
    /comes from OPENAI_API_KEY in the environment: omn cannot remove it/,
  );
  assert.match(revoke.stdout, /^Removed from: nothing/m);
  assert.match(
    revoke.stderr,
    /also stores another openai key.*it was left: omn keys remove openai/,
  );
  assert.match(revoke.stdout, /omn\.log: 2 times/);
  assert.match(revoke.stdout, /set OPENAI_API_KEY to the new key/);
  // The stored key is another one, and stays.
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.equal(config.providers.openai.api_key, stored);
  assertNoCanary({ stdout: revoke.stdout, stderr: revoke.stderr }, [key, stored]);

  const none = await omn(workspace, ["keys", "revoke", "mistral"]);
  assert.equal(none.code, 3);
  assert.match(none.stderr, /No mistral key to revoke/);
});

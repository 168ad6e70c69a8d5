import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { MIN_KDF_ITERATIONS } from "../../src/config/envelope.ts";
import { runKeys } from "../../src/keys/run_keys.ts";
import { PASSPHRASE_ENV } from "../../src/keystore/passphrase.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const PASSPHRASE = "correct horse battery staple";

/** A temporary config directory and a way to run `keys` verbs in it. */
async function home(extraEnv: Record<string, string> = {}) {
  const dir = await Deno.makeTempDir({ prefix: "omn-revoke-" });
  const env = { OMNIMANCER_HOME: dir, ...extraEnv };
  const outputs: string[] = [];
  const keys = async (request: Parameters<typeof runKeys>[0], stdin?: string) => {
    const context = memoryContext({ env, stdin });
    try {
      await runKeys(request, context);
    } finally {
      await context.io.close();
      outputs.push(context.stdout(), context.stderr());
    }
    return { stdout: context.stdout(), stderr: context.stderr() };
  };
  return {
    dir,
    keys,
    outputs,
    async files(): Promise<Map<string, string>> {
      const files = new Map<string, string>();
      const walk = async (path: string) => {
        for await (const entry of Deno.readDir(path)) {
          const child = `${path}/${entry.name}`;
          if (entry.isDirectory) await walk(child);
          else files.set(child.slice(dir.length + 1), await Deno.readTextFile(child));
        }
      };
      await walk(dir).catch(() => {});
      return files;
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

function holding(files: Map<string, string>, secret: string): string[] {
  return [...files].filter(([, text]) => text.includes(secret)).map(([name]) => name);
}

Deno.test("revoke purges a stored key from the config and every backup, audits it and reports its traces", async () => {
  clearKnownSecrets();
  await using run = await home();
  const key = openaiProjectKey("REVOKE");
  await run.keys({ verb: "set", provider: "openai", stdin: true }, key);
  await run.keys(
    { verb: "set", provider: "anthropic", stdin: true },
    "sk-ant-api03-" + "A".repeat(93) + "AA",
  );
  await Deno.mkdir(`${run.dir}/conversations`);
  await Deno.writeTextFile(`${run.dir}/conversations/c.json`, JSON.stringify({ text: key }));
  await Deno.writeTextFile(`${run.dir}/omn.log`, `${encodeURIComponent(key)}\n${key}\n`);
  assert.ok(holding(await run.files(), key).some((name) => name.startsWith("backups/")));

  const { stdout } = await run.keys({ verb: "revoke", provider: "openai", json: true });
  const report = JSON.parse(stdout);
  assert.equal(report.provider, "openai");
  assert.equal(report.key[0].masked, "sk-proj-***");
  assert.match(report.key[0].fingerprint, /^fp:[0-9a-f]{12}$/);
  assert.ok(report.removed_from.includes("config.json"));
  assert.ok(report.removed_from.some((name: string) => name.startsWith("backups/")));
  assert.deepEqual(report.traces, [
    { file: "conversations/c.json", count: 1 },
    { file: "omn.log", count: 2 },
  ]);
  assert.equal(report.revoke_at, "https://platform.openai.com/api-keys");
  assert.equal(report.replace_with, "omn keys set openai --encrypt");

  const files = await run.files();
  assert.deepEqual(holding(files, key).sort(), ["conversations/c.json", "omn.log"]);
  const config = JSON.parse(files.get("config.json")!);
  assert.equal(config.providers.openai.api_key, undefined);
  assert.ok(config.providers.anthropic.api_key, "other providers keep their keys");
  const audit = files.get("audit.jsonl")!.trim().split("\n").map((line) => JSON.parse(line));
  const incident = audit.find((record) => record.event === "key.revoked");
  assert.equal(incident.provider, "openai");
  assert.equal(incident.fingerprint, report.key[0].fingerprint);
  assert.deepEqual(incident.purged, report.removed_from);
  assert.deepEqual(incident.traces, report.traces);
  for (const output of run.outputs) assert.ok(!output.includes(key.slice(0, 24)));
  clearKnownSecrets();
});

Deno.test("a key from the environment cannot be removed: said so, and the rest is done", async () => {
  clearKnownSecrets();
  const key = openaiProjectKey("ENVREVOKE");
  await using run = await home({ OPENAI_API_KEY: key });
  await Deno.writeTextFile(`${run.dir}/omn.log`, `${key}\n`);
  const { stdout, stderr } = await run.keys({ verb: "revoke", provider: "openai", json: false });
  assert.match(stderr, /comes from OPENAI_API_KEY in the environment: omn cannot remove it/);
  assert.match(stdout, /Not removed \(omn cannot\): OPENAI_API_KEY in the environment/);
  assert.match(stdout, /omn\.log: 1 time/);
  assert.match(stdout, /https:\/\/platform\.openai\.com\/api-keys/);
  assert.match(stdout, /set OPENAI_API_KEY to the new key/);
  const files = await run.files();
  assert.equal(files.has("config.json"), false, "no config is created");
  assert.ok(files.get("audit.jsonl")!.includes('"key.revoked"'));
  for (const output of run.outputs) assert.ok(!output.includes(key.slice(0, 24)));
  clearKnownSecrets();
});

Deno.test("an encrypted key is revoked with its passphrase; a wrong one exits 3 and changes nothing", async () => {
  clearKnownSecrets();
  const key = openaiProjectKey("ENCREVOKE");
  await using run = await home({ [PASSPHRASE_ENV]: PASSPHRASE });
  // The fewest PBKDF2 iterations the config accepts: each key derivation costs a sixth of
  // the default's (tests/e2e/keystore_test.ts proves the default count).
  await Deno.writeTextFile(
    `${run.dir}/config.json`,
    JSON.stringify({ version: 1, settings: { kdf_iterations: MIN_KDF_ITERATIONS } }),
    { mode: 0o600 },
  );
  await run.keys({ verb: "set", provider: "openai", stdin: true, encrypt: true }, key);
  // A conversation written since, and one more backup holding the envelope.
  await run.keys({ verb: "set", provider: "mistral", stdin: true, encrypt: true }, "m".repeat(32));
  const before = await run.files();
  assert.deepEqual(holding(before, key), []);

  const wrong = memoryContext({
    env: { OMNIMANCER_HOME: run.dir, [PASSPHRASE_ENV]: "not the passphrase" },
  });
  const error = await runKeys({ verb: "revoke", provider: "openai", json: false }, wrong).then(
    () => assert.fail("revoked"),
    (error) => error,
  );
  assert.ok(error instanceof RefusalError);
  assert.match(error.message, /wrong passphrase.*nothing was changed.*omn keys remove openai/);
  assert.deepEqual(await run.files(), before);

  const { stdout } = await run.keys({ verb: "revoke", provider: "openai", json: true });
  const report = JSON.parse(stdout);
  assert.equal(report.key[0].source, "config (encrypted) (api_key)");
  assert.equal(report.unchecked_encrypted, 0);
  const after = await run.files();
  const envelope = JSON.parse(before.get("config.json")!).providers.openai.api_key;
  assert.deepEqual(holding(after, envelope), [], "the envelope is gone from config and backups");
  assert.ok(JSON.parse(after.get("config.json")!).providers.mistral.api_key.startsWith("omn-enc:"));
  clearKnownSecrets();
});

Deno.test("a reference that cannot be resolved is removed all the same; no key at all is refused", async () => {
  await using run = await home({ OMNIMANCER_TEAM_OPENAI: openaiProjectKey("REF") });
  await run.keys({
    verb: "set",
    provider: "openai",
    stdin: false,
    refs: ["env://OMNIMANCER_TEAM_OPENAI"],
  });
  const unresolved = memoryContext({ env: { OMNIMANCER_HOME: run.dir } });
  await runKeys({ verb: "revoke", provider: "openai", json: true }, unresolved);
  await unresolved.io.close();
  assert.match(unresolved.stderr(), /its value cannot be searched for/);
  const report = JSON.parse(unresolved.stdout());
  assert.deepEqual(report.key, [{
    field: "api_key",
    masked: null,
    fingerprint: null,
    source: "secret reference (env://OMNIMANCER_TEAM_OPENAI)",
  }]);
  assert.deepEqual(holding(await run.files(), "env://OMNIMANCER_TEAM_OPENAI"), [
    "audit.jsonl",
  ]);
  await assert.rejects(
    runKeys(
      { verb: "revoke", provider: "openai", json: false },
      memoryContext({ env: { OMNIMANCER_HOME: run.dir } }),
    ),
    /No openai key to revoke/,
  );
});

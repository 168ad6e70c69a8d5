/**
 * `omn redact` (its fast path and the full command) and `omn scan` know
 * the keys omn stores: plain, encrypted (by the hint of their envelope, no
 * passphrase, no prompt), in `./.env` and in the config directory's `.env`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { azureNewKey, mistralKey, perplexityKey } from "../credentials/_canaries.ts";
import { legacyEnvelope } from "../keystore/_legacy_envelope.ts";
import { withInvisible } from "../security/_disguises.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runOmn, tempWorkspace, type Workspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";
import { MIN_KDF_ITERATIONS } from "../../src/config/envelope.ts";

const PASSPHRASE = "CANARY passphrase for redact";
/** `./.env` is read only where trusted, once that rule exists; this test trusts it. */
const TRUST = { OMNIMANCER_TRUST_DOTENV: "1" };

async function check(workspace: Workspace, secrets: string[], env: Record<string, string> = {}) {
  const input = secrets.map((secret, index) => `line ${index}: ${secret} end\n`).join("");
  // A child process: a bare `redact` takes main.ts's fast path, which only a launch reaches.
  const fast = await runOmn(["redact"], { ...workspace, stdin: input, env: { ...TRUST, ...env } });
  const full = await runInProcess(["--no-color", "redact"], {
    ...workspace,
    stdin: input,
    env: { ...TRUST, ...env },
  });
  const scan = await runInProcess(["scan", "-"], {
    ...workspace,
    stdin: input,
    env: { ...TRUST, ...env },
  });
  for (const [name, result] of [["redact", fast], ["full redact", full], ["scan", scan]] as const) {
    assertNoCanary({ [`${name} stdout`]: result.stdout, [`${name} stderr`]: result.stderr }, [
      ...secrets,
      PASSPHRASE,
    ]);
  }
  assert.equal(fast.code, 0, fast.stderr);
  assert.equal(fast.stdout, secrets.map((_, index) => `line ${index}: *** end\n`).join(""));
  assert.equal(full.code, 0, full.stderr);
  assert.equal(full.stdout, fast.stdout, "the command and its fast path agree");
  assert.equal(scan.code, 1, scan.stderr);
  assert.equal(scan.stdout.trim().split("\n").length, secrets.length, scan.stdout);
  return { fast, full, scan };
}

Deno.test("redact and scan know a key stored in plain text, and ./.env and config-dir .env keys", async () => {
  await using workspace = await tempWorkspace();
  const stored = mistralKey("STORED");
  const dotenv = perplexityKey("DOTENV").slice("pplx-".length) + "Qz"; // no known shape
  const configDotenv = azureNewKey("CFGENV");
  const set = await runInProcess(["keys", "set", "mistral", "--stdin"], {
    ...workspace,
    stdin: stored,
  });
  assert.equal(set.code, 0, set.stderr);
  await Deno.writeTextFile(
    `${workspace.cwd}/.env`,
    `TOGETHER_API_KEY=${dotenv}\nMISTRAL_API_KEY=\n`,
  );
  await Deno.writeTextFile(`${workspace.home}/.env`, `AZURE_API_KEY=${configDotenv}\n`, {
    mode: 0o600,
  });
  await check(workspace, [stored, configDotenv]);
  await Deno.writeTextFile(`${workspace.cwd}/.env`, `OPENAI_API_KEY=${dotenv}\n`);
  await check(workspace, [stored, dotenv, configDotenv]);
});

Deno.test("redact and scan know an encrypted key without the passphrase and without a prompt", async () => {
  await using workspace = await tempWorkspace();
  const key = mistralKey("SEALED");
  const set = await runInProcess(["keys", "set", "mistral", "--stdin", "--encrypt"], {
    ...workspace,
    stdin: key,
    env: { OMNIMANCER_PASSPHRASE: PASSPHRASE },
  });
  assert.equal(set.code, 0, set.stderr);
  const { fast, scan } = await check(workspace, [key, withInvisible(key, "\u200B", [10])]);
  assert.equal(fast.stderr, "");
  assert.match(scan.stdout, /Known secret \(mistral\/api_key\)/);
});

Deno.test("a version 1 envelope: a warning names it and keys encrypt; with the passphrase variable it is known", async () => {
  await using workspace = await tempWorkspace();
  const key = mistralKey("OLDENV");
  await Deno.mkdir(workspace.home, { recursive: true, mode: 0o700 });
  // The fewest PBKDF2 iterations the config accepts: each of the test's key derivations costs
  // a sixth of the default's (keystore_test.ts proves the default count).
  const envelope = await legacyEnvelope(PASSPHRASE, key, "mistral/api_key", MIN_KDF_ITERATIONS);
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      settings: { kdf_iterations: MIN_KDF_ITERATIONS },
      providers: { mistral: { api_key: envelope } },
    }),
    { mode: 0o600 },
  );
  const input = `log: ${key}\n`;
  const warned = await runOmn(["redact"], { ...workspace, stdin: input });
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(
    warned.stderr,
    /Cannot recognise the encrypted mistral\/api_key without the passphrase: run omn keys encrypt once/,
  );
  await check(workspace, [key], { OMNIMANCER_PASSPHRASE: PASSPHRASE });
  const migrated = await runInProcess(["keys", "encrypt"], {
    ...workspace,
    env: { OMNIMANCER_PASSPHRASE: PASSPHRASE },
  });
  assert.equal(migrated.code, 0, migrated.stderr);
  const { fast } = await check(workspace, [key]);
  assert.equal(fast.stderr, "", "no warning once the envelope carries its hint");
});

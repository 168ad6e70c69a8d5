/**
 * The encrypted key store end to end, with the real CLI run in process
 * (`runInProcess`; the terminal test runs the bundle on a pseudo-terminal):
 * `keys set --encrypt` with `OMNIMANCER_PASSPHRASE`, `ask`
 * sending the decrypted key to the OpenAI fake, a wrong passphrase and a
 * tampered envelope exiting 3 with the config byte-identical and no request
 * sent, `keys encrypt` and `keys decrypt` with the backups purged, and the
 * hidden passphrase prompt on a pseudo-terminal. The canary key and the
 * passphrase appear in no output, and the key in no file once encrypted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { DEFAULT_REPLY } from "../fakes/_fake_server.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { MIN_KDF_ITERATIONS } from "../../src/config/envelope.ts";
import { type OmnResult, tempWorkspace, type Workspace } from "./_omn.ts";
import { onTerminal, scriptTool } from "./_terminal.ts";

const PASSPHRASE = "CANARY passphrase for the e2e store";

function omn(workspace: Workspace, args: string[], options: {
  env?: Record<string, string>;
  stdin?: string;
} = {}): Promise<OmnResult> {
  return runInProcess(args, { home: workspace.home, cwd: workspace.cwd, ...options });
}

const withPassphrase = (passphrase = PASSPHRASE) => ({ OMNIMANCER_PASSPHRASE: passphrase });

function outputs(results: Record<string, OmnResult>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(results).flatMap(([name, result]) => [
      [`${name} stdout`, result.stdout],
      [`${name} stderr`, result.stderr],
    ]),
  );
}

function askArgs(baseURL: string): string[] {
  return ["ask", "--provider", "openai", "--base-url", baseURL, "--model", "gpt-4o-mini", "hello"];
}

/**
 * Sets `settings.kdf_iterations` to the fewest the config accepts (`MIN_KDF_ITERATIONS`):
 * each derivation costs a sixth of the default's 600,000, and the key derivation is most
 * of what these tests cost. The default count is proven by the first test and the tampered
 * envelope's, and the setting by its own test.
 */
async function fewerIterations(workspace: Workspace): Promise<void> {
  const set = await omn(workspace, [
    "config",
    "set",
    "settings.kdf_iterations",
    String(MIN_KDF_ITERATIONS),
  ]);
  assert.equal(set.code, 0, set.stderr);
}

async function storeEncrypted(workspace: Workspace, key: string): Promise<OmnResult> {
  const set = await omn(workspace, ["keys", "set", "openai", "--stdin", "--encrypt"], {
    env: withPassphrase(),
    stdin: key,
  });
  assert.equal(set.code, 0, set.stderr);
  return set;
}

Deno.test("keys set --encrypt stores an envelope; ask sends the decrypted key; keys list says config (encrypted)", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EENC");
  await using provider = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  const results: Record<string, OmnResult> = {};
  results.set = await storeEncrypted(workspace, key);
  assert.match(
    results.set.stderr,
    /Stored the openai key sk-proj-\*\*\* \(fp:[0-9a-f]{12}\).*, encrypted/,
  );
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.match(config.providers.openai.api_key, /^omn-enc:v2:[A-Za-z0-9+/]+=*$/);
  const payload = JSON.parse(atob(config.providers.openai.api_key.slice("omn-enc:v2:".length)));
  assert.equal(payload.kdf, "pbkdf2-sha256");
  assert.equal(payload.iterations, 600_000);

  results.list = await omn(workspace, ["keys", "list", "--json"], { env: withPassphrase() });
  assert.equal(results.list.code, 0, results.list.stderr);
  const row = JSON.parse(results.list.stdout).keys.find((key: { provider: string }) =>
    key.provider === "openai"
  );
  assert.equal(row.source, "config (encrypted)");
  assert.equal(row.masked, "sk-proj-***");

  results.ask = await omn(workspace, askArgs(provider.baseURL), { env: withPassphrase() });
  assert.equal(results.ask.code, 0, results.ask.stderr);
  assert.equal(results.ask.stdout, DEFAULT_REPLY + "\n");
  assert.equal(provider.requests.at(-1)?.headers.get("authorization"), `Bearer ${key}`);
  assert.deepEqual(provider.violations, []);

  // A provider that needs no key never asks for the passphrase.
  results.mock = await omn(workspace, ["ask", "--provider", "mock", "hi"]);
  assert.equal(results.mock.code, 0, results.mock.stderr);

  assertNoCanary(outputs(results), [key, PASSPHRASE]);
  await assertNoCanaryInTree(workspace.home, [key, PASSPHRASE]);
});

Deno.test("with a wrong passphrase, keys list and providers still show the other keys, mark the encrypted one unreadable, and exit 3", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EUNREAD");
  await fewerIterations(workspace);
  const other = anthropicKey("E2EUNREAD");
  await storeEncrypted(workspace, key);
  const wrong = { ...withPassphrase("CANARY not the passphrase"), ANTHROPIC_API_KEY: other };
  const results: Record<string, OmnResult> = {
    list: await omn(workspace, ["keys", "list"], { env: wrong }),
    json: await omn(workspace, ["keys", "list", "--json"], { env: wrong }),
    providers: await omn(workspace, ["providers"], { env: wrong }),
  };
  for (const [name, result] of Object.entries(results)) {
    assert.equal(result.code, 3, `${name}: ${result.stderr}`);
    assert.match(result.stderr, /wrong passphrase, or the encrypted value was altered/, name);
  }
  assert.match(results.list.stdout, /^anthropic\tapi_key\tenv[^\t]*\tsk-ant-/m);
  assert.match(results.list.stdout, /^openai\t(?:-\t)+unreadable: .*wrong passphrase/m);
  const listed = JSON.parse(results.json.stdout);
  assert.deepEqual(listed.keys.map((row: { provider: string }) => row.provider), ["anthropic"]);
  assert.deepEqual(listed.unreadable.map((row: { provider: string }) => row.provider), [
    "openai",
  ]);
  assert.match(results.providers.stdout, /^anthropic\tconfigured\t/m);
  assert.match(results.providers.stdout, /^openai\tunreadable: /m);
  assertNoCanary(outputs(results), [key, other, PASSPHRASE, "CANARY not the passphrase"]);
});

Deno.test("a wrong or missing passphrase exits 3, sends nothing and leaves the config byte-identical", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EWRONG");
  await fewerIterations(workspace);
  await using provider = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  await storeEncrypted(workspace, key);
  const before = await Deno.readFile(`${workspace.home}/config.json`);
  const wrong = "CANARY wrong passphrase 123";
  const results: Record<string, OmnResult> = {
    ask: await omn(workspace, askArgs(provider.baseURL), { env: withPassphrase(wrong) }),
    list: await omn(workspace, ["keys", "list"], { env: withPassphrase(wrong) }),
    set: await omn(workspace, ["keys", "set", "anthropic", "--stdin"], {
      env: withPassphrase(wrong),
      stdin: "sk-ant-api03-" + "A".repeat(93) + "AA",
    }),
    decrypt: await omn(workspace, ["keys", "decrypt"], { env: withPassphrase(wrong) }),
    missing: await omn(workspace, askArgs(provider.baseURL)),
  };
  for (const [name, result] of Object.entries(results)) {
    assert.equal(result.code, 3, `${name}: ${result.stderr}`);
  }
  assert.match(results.ask.stderr, /wrong passphrase, or the encrypted value was altered/);
  assert.match(results.missing.stderr, /set OMNIMANCER_PASSPHRASE, or run omn on a terminal/);
  assert.equal(provider.requests.length, 0);
  assert.deepEqual(await Deno.readFile(`${workspace.home}/config.json`), before);
  assertNoCanary(outputs(results), [key, PASSPHRASE, wrong]);
});

Deno.test("a tampered envelope exits 3 and is never sent as a key, whichever bit was flipped", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2ETAMPER");
  await using provider = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  await storeEncrypted(workspace, key);
  const path = `${workspace.home}/config.json`;
  const original = await Deno.readTextFile(path);
  const envelope: string = JSON.parse(original).providers.openai.api_key;
  // A bit of the prefix, of the iteration count, of the salt and of the ciphertext.
  const payload = atob(envelope.slice("omn-enc:v2:".length));
  const flips = [
    0,
    envelope.length - 40,
    "omn-enc:v2:".length + 5,
    envelope.length - 3,
  ];
  const results: Record<string, OmnResult> = {};
  for (const index of flips) {
    const flipped = envelope.slice(0, index) +
      String.fromCharCode(envelope.charCodeAt(index) ^ 1) + envelope.slice(index + 1);
    const tampered = original.replace(envelope, flipped);
    await Deno.writeTextFile(path, tampered);
    const result = await omn(workspace, askArgs(provider.baseURL), { env: withPassphrase() });
    results[`flip ${index}`] = result;
    assert.equal(result.code, 3, `flip at ${index}: ${result.stderr}`);
    assert.match(result.stderr, /damaged|altered|PBKDF2 iterations/);
    assert.equal(await Deno.readTextFile(path), tampered, "nothing rewritten");
  }
  // The payload's own iteration count, changed and re-encoded: GCM refuses it.
  const changed = payload.replace('"iterations":600000', '"iterations":600001');
  await Deno.writeTextFile(path, original.replace(envelope, "omn-enc:v2:" + btoa(changed)));
  results.iterations = await omn(workspace, askArgs(provider.baseURL), { env: withPassphrase() });
  assert.equal(results.iterations.code, 3, results.iterations.stderr);
  // Refused by name before any key derivation: omn writes only 600000 here.
  assert.match(
    results.iterations.stderr,
    /The encrypted openai\/api_key in the config asks for 600001 PBKDF2 iterations/,
  );
  assert.equal(provider.requests.length, 0);
  assertNoCanary(outputs(results), [key, PASSPHRASE]);
});

Deno.test("keys encrypt and keys decrypt migrate every key, backing up first and purging plain copies", async () => {
  await using workspace = await tempWorkspace();
  const [first, second] = [openaiProjectKey("E2EMIG1"), openaiProjectKey("E2EMIG2")];
  await fewerIterations(workspace);
  const results: Record<string, OmnResult> = {};
  results.set1 = await omn(workspace, ["keys", "set", "openai", "--stdin"], { stdin: first });
  results.config = await omn(workspace, ["config", "set", "settings.color", "false"]);
  results.set2 = await omn(workspace, ["keys", "set", "openrouter", "--stdin"], {
    stdin: "sk-or-v1-" + "c".repeat(64),
  });
  await omn(workspace, ["config", "set", "providers.gw.base_url", "https://gw.example.com/v1"]);
  results.set3 = await omn(workspace, ["keys", "set", "gw", "--stdin"], { stdin: second });
  const backups = [...Deno.readDirSync(`${workspace.home}/backups`)];
  assert.ok(backups.length >= 3);

  results.encrypt = await omn(workspace, ["keys", "encrypt"], { env: withPassphrase() });
  assert.equal(results.encrypt.code, 0, results.encrypt.stderr);
  assert.match(results.encrypt.stderr, /Encrypted 3 stored keys \(gw, openai, openrouter\)/);
  const openrouter = "sk-or-v1-" + "c".repeat(64);
  await assertNoCanaryInTree(workspace.home, [first, second, openrouter, PASSPHRASE]);
  results.list = await omn(workspace, ["keys", "list", "--json"], { env: withPassphrase() });
  const sources = JSON.parse(results.list.stdout).keys.map((row: { source: string }) => row.source);
  assert.deepEqual([...new Set(sources)], ["config (encrypted)"]);

  results.decrypt = await omn(workspace, ["keys", "decrypt"], { env: withPassphrase() });
  assert.equal(results.decrypt.code, 0, results.decrypt.stderr);
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.equal(config.providers.openai.api_key, first);
  // Decrypted into the config only: the backups keep their encrypted copies.
  await assertNoCanaryInTree(
    workspace.home,
    [first, second],
    (path) => path.endsWith("/config.json"),
  );
  assertNoCanary(outputs(results), [first, second, PASSPHRASE]);
});

Deno.test("settings.encrypt_keys makes encryption the default, at settings.kdf_iterations", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EDEFAULT");
  assert.equal((await omn(workspace, ["config", "set", "settings.encrypt_keys", "true"])).code, 0);
  const low = await omn(workspace, ["config", "set", "settings.kdf_iterations", "1000"]);
  assert.equal(low.code, 2, low.stderr);
  assert.equal(
    (await omn(workspace, ["config", "set", "settings.kdf_iterations", "200000"])).code,
    0,
  );
  const refused = await omn(workspace, ["keys", "set", "openai", "--stdin"], { stdin: key });
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /needs a passphrase: set OMNIMANCER_PASSPHRASE/);
  const set = await omn(workspace, ["keys", "set", "openai", "--stdin"], {
    env: withPassphrase(),
    stdin: key,
  });
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stderr, /below the 600000 that OWASP recommends/);
  const stored = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  const payload = JSON.parse(atob(stored.providers.openai.api_key.slice("omn-enc:v2:".length)));
  assert.equal(payload.iterations, 200_000);
  await assertNoCanaryInTree(workspace.home, [key]);
});

Deno.test({
  name:
    `on a terminal, the passphrase is asked at hidden prompts (twice when new) and never echoed${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const key = openaiProjectKey("E2ETTY");
    await fewerIterations(workspace);
    const set = await onTerminal(workspace, "keys set openai --encrypt", [
      ["API key:", key],
      ["New passphrase", PASSPHRASE],
      ["Repeat the passphrase:", PASSPHRASE],
    ]);
    assert.equal(set.code, 0, set.screen);
    assert.match(set.screen, /Stored the openai key sk-proj-\*\*\*.*encrypted/);
    const list = await onTerminal(workspace, "keys list", [
      ["Passphrase of the stored keys:", PASSPHRASE],
    ]);
    assert.equal(list.code, 0, list.screen);
    assert.match(list.screen, /openai +api_key +config \(encrypted\)/);
    const wrong = await onTerminal(workspace, "keys list", [
      ["Passphrase of the stored keys:", "CANARY not it at all"],
    ]);
    assert.equal(wrong.code, 3, wrong.screen);
    assertNoCanary({ set: set.screen, list: list.screen, wrong: wrong.screen }, [
      key,
      PASSPHRASE,
      "CANARY not it at all",
    ]);
    await assertNoCanaryInTree(workspace.home, [key, PASSPHRASE]);
  },
});

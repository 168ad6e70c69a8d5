/**
 * `omn ask --provider mock` loads none of the code that only a real
 * provider, an encrypted key, a secret reference or a rate limit needs, nor
 * commander and the command tree (an `ask` is read without them,
 * `src/cli/parse_ask_command_line.ts`):
 * credential resolution and key formats, the secure fetch and its proxies,
 * retries and the request log, the AI SDK adapter, the keystore and the
 * passphrase prompt, the references' resolution, the rate limiter and the
 * reading of a `--schema`; nor what only some runs use (an envelope's or a
 * reference's parser, the audit, `--usage`'s line, `-x`, the JSON result,
 * spending limits, request lines, an attachment).
 *
 * Each run has every file of the bundle readable except the chunks that
 * hold one of those modules (esbuild names each module in a comment):
 * loading one of them is then refused by the permission set, and the
 * command fails. The controls show that such a load is caught: an ask
 * through OpenAI needs the provider code, a config holding a secret
 * reference needs the references' code, even for the mock, and an ask
 * written in a form the reading leaves to commander (`-xc`) needs commander.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bundlePaths, runWithReadableBundle } from "./_partial_bundle.ts";
import { tempWorkspace, type Workspace } from "./_omn.ts";

/** Modules `ask --provider mock` must not load, as esbuild's comments name them. */
const DEFERRED = [
  "src/providers/create_provider_model.ts",
  "src/providers/ai_sdk_model.ts",
  "src/credentials/key_formats.ts",
  "src/credentials/require_credentials.ts",
  "src/net/secure_fetch.ts",
  "src/net/proxy_routing.ts",
  "src/net/retrying_fetch.ts",
  "src/credentials/load_protected_sources.ts",
  "src/credentials/decrypt_stored_keys.ts",
  "src/credentials/resolve_stored_references.ts",
  "src/keystore/keyring.ts",
  "src/keystore/passphrase.ts",
  "src/net/rate_limiter.ts",
  "src/templates/load_schema.ts",
  // What only some runs use: an envelope's or a reference's parser, the audit, --usage's
  // line, -x, the JSON result, spending limits, request lines, an attachment.
  "src/config/envelope.ts",
  "src/config/parse_secret_ref.ts",
  "src/audit/audit_change.ts",
  "src/usage/usage_summary_line.ts",
  "src/ask/reply_extraction.ts",
  "src/ask/result_object.ts",
  "src/budget/run_budgets.ts",
  "src/budget/spending_cap.ts",
  "src/net/request_log.ts",
  "src/ask/read_attachment.ts",
  "src/providers/attachment_support.ts",
  "src/cli/app.ts",
  "src/cli/run_command_tree.ts",
  "commander",
];

/** Whether `text` (a file of the bundle) holds `module`: a path under `src/`, or an npm package. */
function holds(text: string, module: string): boolean {
  if (module.startsWith("src/")) return text.includes(`\n// ${module}\n`);
  // esbuild names a package's files by their path in Deno's npm cache.
  return new RegExp(`\n// [^\n]*/registry\.npmjs\.org/${module}/[^/\n]+/index\.js\n`).test(text);
}

/** The bundle's files split into those holding a deferred module and the others. */
async function bundleFiles(): Promise<{ deferred: Map<string, string[]>; others: string[] }> {
  const deferred = new Map<string, string[]>();
  const others: string[] = [];
  for (const path of await bundlePaths()) {
    const text = await Deno.readTextFile(path);
    const held = DEFERRED.filter((module) => holds(text, module));
    if (held.length > 0) deferred.set(path, held);
    else others.push(path);
  }
  return { deferred, others };
}

async function runWithoutDeferred(args: string[], workspace: Workspace) {
  return runWithReadableBundle(args, workspace, (await bundleFiles()).others);
}

/**
 * Asserts that the run failed on reading a chunk that holds a deferred
 * module (`expected`, when given).
 */
async function assertRefusedDeferred(stderr: string, expected?: string): Promise<void> {
  const refused = /Requires read access to "([^"]+\.js)"/.exec(stderr)?.[1];
  assert.ok(refused !== undefined, stderr);
  const held = (await bundleFiles()).deferred.get(refused);
  assert.ok(held !== undefined, `${refused} holds no deferred module`);
  if (expected !== undefined) assert.ok(held.includes(expected), `${refused} holds ${held}`);
}

async function writeConfig(workspace: Workspace, text: string): Promise<void> {
  await Deno.mkdir(workspace.home, { mode: 0o700, recursive: true });
  await Deno.writeTextFile(join(workspace.home, "config.json"), text, { mode: 0o600 });
}

Deno.test("every deferred module is in the bundle, in a chunk of its own or with others", async () => {
  const { deferred } = await bundleFiles();
  const found = new Set([...deferred.values()].flat());
  assert.deepEqual(DEFERRED.filter((module) => !found.has(module)), []);
});

Deno.test("ask --provider mock runs without reading the credential, network, keystore or rate-limit code", async () => {
  await using workspace = await tempWorkspace();
  for (const args of [["ask", "--provider", "mock", "hi"], ["-p", "hi", "--provider", "mock"]]) {
    const result = await runWithoutDeferred(args, workspace);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /mock provider/);
  }
});

Deno.test("the control: an ask that commander reads (a cluster of short flags) needs commander", async () => {
  await using workspace = await tempWorkspace();
  const result = await runWithoutDeferred(["ask", "--provider", "mock", "-xc", "hi"], workspace);
  assert.notEqual(result.code, 0);
  await assertRefusedDeferred(result.stderr);
});

Deno.test("the controls: --output json, -x, --max-cost and -v load what they use", async () => {
  await using workspace = await tempWorkspace();
  const cases: [string[], string][] = [
    [["--output", "json"], "src/ask/result_object.ts"],
    [["--extract"], "src/ask/reply_extraction.ts"],
    [["--max-cost", "1"], "src/budget/run_budgets.ts"],
    [["--verbose"], "src/net/request_log.ts"],
  ];
  for (const [flags, module] of cases) {
    const result = await runWithoutDeferred(
      ["ask", "--provider", "mock", ...flags, "hi"],
      workspace,
    );
    assert.notEqual(result.code, 0, flags.join(" "));
    await assertRefusedDeferred(result.stderr, module);
  }
});

Deno.test("the control: an ask through OpenAI needs the provider code", async () => {
  await using workspace = await tempWorkspace();
  const result = await runWithoutDeferred(["ask", "--provider", "openai", "hi"], workspace);
  assert.notEqual(result.code, 0);
  await assertRefusedDeferred(result.stderr);
});

Deno.test("the control: a config holding a secret reference needs the references' code, even for the mock", async () => {
  await using workspace = await tempWorkspace();
  await writeConfig(
    workspace,
    `${JSON.stringify({ version: 1, providers: { openai: { api_key: "env://OMN_TEST_KEY" } } })}\n`,
  );
  const result = await runWithoutDeferred(["ask", "--provider", "mock", "hi"], workspace);
  assert.notEqual(result.code, 0);
  await assertRefusedDeferred(result.stderr);
});

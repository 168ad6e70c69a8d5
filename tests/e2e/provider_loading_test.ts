/**
 * `--help`, `config`, `keys`, `redact` and `scan` load no provider package.
 *
 * Each command runs with every file of the bundle readable except the chunks
 * that hold a provider package (or import the one left external): loading
 * any of them is then refused by the permission set, and the command fails.
 * The control, an `ask` through Anthropic, shows that such a load is caught.
 * (Not OpenAI: its streamed text chat goes through omn's own client and
 * reads the SDK's package only for attachments and `--schema`.)
 * And the `ai` core package, which would cost every `ask` about 130 ms, is
 * in no chunk.
 */
import assert from "node:assert/strict";
import { bundlePaths, runWithReadableBundle } from "./_partial_bundle.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { tempWorkspace } from "./_omn.ts";

/** Bundled provider packages carry their npm path in esbuild's comments; an external one is imported by name. */
const PROVIDER_PACKAGE = /registry\.npmjs\.org\/(@ai-sdk|@openrouter)\/|from "@ai-sdk\//;

async function bundleFiles(): Promise<{ providerChunks: string[]; others: string[] }> {
  const providerChunks: string[] = [];
  const others: string[] = [];
  for (const path of await bundlePaths()) {
    (PROVIDER_PACKAGE.test(await Deno.readTextFile(path)) ? providerChunks : others).push(path);
  }
  return { providerChunks, others };
}

Deno.test("--help, config, keys, redact and scan run without reading any provider package", async () => {
  await using workspace = await tempWorkspace();
  const { providerChunks, others } = await bundleFiles();
  // One chunk per provider at least (openai, anthropic, gemini, vertex, bedrock, azure, …).
  assert.ok(providerChunks.length >= 11, `provider chunks found: ${providerChunks.length}`);
  for (
    const args of [
      ["--help"],
      ["config", "path"],
      ["config", "show"],
      ["keys", "list"],
      ["redact"],
      ["scan"],
    ]
  ) {
    const result = await runWithReadableBundle(args, workspace, others);
    assert.equal(result.code, 0, `omn ${args.join(" ")}: ${result.stderr}`);
  }
});

Deno.test("the control: ask through a provider fails when its package cannot be read", async () => {
  await using workspace = await tempWorkspace();
  const { others } = await bundleFiles();
  const result = await runWithReadableBundle(
    ["ask", "--provider", "anthropic", "--base-url", "http://127.0.0.1:9/v1", "hi"],
    workspace,
    others,
    { ANTHROPIC_API_KEY: anthropicKey("LOADING") },
  );
  assert.notEqual(result.code, 0, result.stderr);
  assert.match(result.stderr, /Requires read access to "[^"]*\/(anthropic|chunk)-[^"]*\.js"/);
});

Deno.test("no chunk of the bundle holds the ai core package", async () => {
  for (const path of await bundlePaths()) {
    const text = await Deno.readTextFile(path);
    assert.doesNotMatch(text, /registry\.npmjs\.org\/ai\/|from "ai"/, path);
  }
});

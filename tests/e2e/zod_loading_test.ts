/**
 * `omn ask --provider mock` loads no zod when there is no config file, or
 * only the empty config (`{ "version": 1 }`): zod is loaded only where a
 * config (or a conversation) is checked against its schema.
 *
 * Each run has every file of the bundle readable except the chunks that
 * hold zod: loading one of them is then refused by the permission set, and
 * the command fails. The control, the same ask with a config that holds a
 * setting, shows that such a load is caught.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bundlePaths, runWithReadableBundle } from "./_partial_bundle.ts";
import { tempWorkspace, type Workspace } from "./_omn.ts";

/** Bundled zod carries its npm path in esbuild's comments; an external one is imported by name. */
const ZOD_PACKAGE = /registry\.npmjs\.org\/zod\/|from "zod"/;

async function bundleFiles(): Promise<{ zodChunks: string[]; others: string[] }> {
  const zodChunks: string[] = [];
  const others: string[] = [];
  for (const path of await bundlePaths()) {
    (ZOD_PACKAGE.test(await Deno.readTextFile(path)) ? zodChunks : others).push(path);
  }
  return { zodChunks, others };
}

async function askWithoutZod(workspace: Workspace) {
  const { zodChunks, others } = await bundleFiles();
  assert.ok(zodChunks.length >= 1, "the bundle holds zod in a chunk of its own");
  return runWithReadableBundle(["ask", "--provider", "mock", "hi"], workspace, others);
}

async function writeConfig(workspace: Workspace, text: string): Promise<void> {
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(join(workspace.home, "config.json"), text, { mode: 0o600 });
}

Deno.test("ask --provider mock without a config file runs without reading zod", async () => {
  await using workspace = await tempWorkspace();
  const result = await askWithoutZod(workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.notEqual(result.stdout.trim(), "");
});

Deno.test("ask --provider mock with the empty config runs without reading zod", async () => {
  await using workspace = await tempWorkspace();
  await writeConfig(workspace, '{ "version": 1 }\n');
  const result = await askWithoutZod(workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.notEqual(result.stdout.trim(), "");
});

Deno.test("the control: a config with a setting is checked, so its ask needs zod", async () => {
  await using workspace = await tempWorkspace();
  await writeConfig(workspace, '{ "version": 1, "settings": { "color": false } }\n');
  const result = await askWithoutZod(workspace);
  assert.notEqual(result.code, 0, result.stderr);
  assert.match(result.stderr, /Requires read access to "[^"]*\/chunk-[^"]*\.js"/);
});

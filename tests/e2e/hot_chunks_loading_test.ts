/**
 * The common runs (`--version`, a bare `redact`, `--help`, `ask --provider
 * mock`, an OpenAI ask) read their code from a few files: the build merges the small
 * chunks esbuild splits off that they load into one file per set of runs
 * (scripts/merge_hot_chunks.ts). Each run here has every file of the bundle
 * readable except esbuild's own chunks (`chunk-*.js`) and the files holding
 * a character outside ASCII: reading one is then refused by the permission
 * set, and the command fails. The control, an ask whose config is checked
 * against its schema (zod, in a chunk of its own), shows that such a read is
 * caught.
 *
 * Why ASCII: a source with any character outside ASCII is decoded from
 * UTF-8 and copied at every load, where an ASCII one is not (an `import()`
 * of 500 KB of comments took about 2 ms longer with one `×` in it). esbuild
 * escapes such characters in strings, not in comments or regex literals.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { bundlePaths, runWithReadableBundle } from "./_partial_bundle.ts";
import { tempWorkspace, type Workspace } from "./_omn.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";

/** Every file of the bundle but esbuild's shared chunks and the files that are not ASCII. */
async function withoutChunks(): Promise<string[]> {
  const paths = await bundlePaths();
  const others = paths.filter((path) => !/^chunk-[A-Z0-9]+\.js$/.test(basename(path)));
  assert.ok(others.length < paths.length, "the bundle has chunks left for the other runs");
  const ascii: string[] = [];
  for (const path of others) {
    // deno-lint-ignore no-control-regex
    if (!/[^\x00-\x7f]/.test(await Deno.readTextFile(path))) ascii.push(path);
  }
  // The provider packages' own chunks are not ASCII: the filter has something to leave out.
  assert.ok(ascii.length < others.length, "some file of the bundle is not ASCII");
  return ascii;
}

async function run(args: string[], workspace: Workspace, env: Record<string, string> = {}) {
  return runWithReadableBundle(args, workspace, await withoutChunks(), env);
}

Deno.test("--version, redact, --help and ask --provider mock read none of esbuild's chunks, and only ASCII", async () => {
  await using workspace = await tempWorkspace();
  const version = await run(["--version"], workspace);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /^omn \d/);
  const redact = await run(["redact"], workspace);
  assert.equal(redact.code, 0, redact.stderr);
  const help = await run(["--help"], workspace);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: omn/);
  for (const args of [["ask", "--provider", "mock", "hi"], ["-p", "hi", "--provider", "mock"]]) {
    const ask = await run(args, workspace);
    assert.equal(ask.code, 0, ask.stderr);
    assert.match(ask.stdout, /mock provider/);
  }
});

Deno.test("an OpenAI ask reads none of esbuild's chunks (its provider's are merged too), and only ASCII", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("HOTRUN");
  await using fake = await startOpenAIChatFake({ apiKey: key });
  const ask = await run(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, "hi"],
    workspace,
    { OPENAI_API_KEY: key },
  );
  assert.equal(ask.code, 0, ask.stderr);
  assert.ok(ask.stdout.length > 0);
  assert.equal(fake.requests.length, 1);
  assertNoCanary({ stdout: ask.stdout, stderr: ask.stderr }, [key]);
});

Deno.test("the control: an ask whose config is checked needs a chunk, and is refused it; once the check is stamped, it needs none until the config changes", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  const config = join(workspace.home, "config.json");
  await Deno.writeTextFile(config, '{ "version": 1, "settings": { "color": false } }\n', {
    mode: 0o600,
  });
  const ask = ["ask", "--provider", "mock", "hi"];
  const refused = await run(ask, workspace);
  assert.notEqual(refused.code, 0, refused.stderr);
  assert.match(refused.stderr, /Requires read access to "[^"]*\/chunk-[A-Z0-9]+\.js"/);
  // The whole bundle readable: the config is checked (zod's chunk), and the check stamped.
  const checked = await runWithReadableBundle(ask, workspace, await bundlePaths());
  assert.equal(checked.code, 0, checked.stderr);
  assert.match(await Deno.readTextFile(join(workspace.home, ".config-check")), /^[0-9a-f]{64} /);
  const stamped = await run(ask, workspace);
  assert.equal(stamped.code, 0, stamped.stderr);
  assert.match(stamped.stdout, /mock provider/);
  // One character changed: checked again, so refused the chunk again.
  await Deno.writeTextFile(config, '{ "version": 1, "settings": { "color": true } }\n');
  const changed = await run(ask, workspace);
  assert.notEqual(changed.code, 0, changed.stderr);
  assert.match(changed.stderr, /Requires read access to "[^"]*\/chunk-[A-Z0-9]+\.js"/);
});

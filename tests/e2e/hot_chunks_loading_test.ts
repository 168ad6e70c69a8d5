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
 * Why ASCII: V8 keeps a source with one character outside Latin-1 as two
 * bytes a character, copied from Deno's UTF-8 at every load (an `import()`
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

Deno.test("the control: an ask whose config is checked needs a chunk, and is refused it", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    join(workspace.home, "config.json"),
    '{ "version": 1, "settings": { "color": false } }\n',
    { mode: 0o600 },
  );
  const result = await run(["ask", "--provider", "mock", "hi"], workspace);
  assert.notEqual(result.code, 0, result.stderr);
  assert.match(result.stderr, /Requires read access to "[^"]*\/chunk-[A-Z0-9]+\.js"/);
});

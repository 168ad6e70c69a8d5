import assert from "node:assert/strict";
import { join } from "node:path";
import { childEnv } from "./_child_env.ts";
import { PROGRAM } from "../../scripts/launch_flags.ts";
import { RUN_FLAGS } from "../../src/permissions/permission_set.ts";
import "./_program.ts";

/** `main.js` of the bundle and the files it imports statically: all that `--version` reads. */
function versionFiles(): string[] {
  const main = Deno.readTextFileSync(PROGRAM);
  const imported = [...main.matchAll(/^import (?:.* from )?"\.\/([^"/]+\.js)";$/gm)]
    .map((match) => match[1]);
  assert.ok(imported.length > 0, "main.js imports no chunk statically: update this test");
  return ["main.js", ...new Set(imported)];
}

Deno.test("the bundle runs without reading a deno.json above it, as a compiled binary", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-run-flags-" });
  try {
    const bundle = join(root, "build");
    await Deno.mkdir(bundle);
    for (const file of versionFiles()) {
      await Deno.copyFile(join(PROGRAM, "..", file), join(bundle, file));
    }
    // A configuration Deno cannot parse, where it would look for one (beside and above the
    // program): read, it fails the run.
    await Deno.writeTextFile(join(root, "deno.json"), "{ not json");
    const run = async (flags: readonly string[]) => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-q",
          ...flags,
          `--allow-read=${bundle}`,
          join(bundle, "main.js"),
          "--version",
        ],
        cwd: root,
        env: childEnv(),
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      return {
        code: output.code,
        stdout: decoder.decode(output.stdout),
        stderr: decoder.decode(output.stderr),
      };
    };
    const released = await run(RUN_FLAGS);
    assert.equal(released.code, 0, released.stderr);
    assert.match(released.stdout, /^omn \S+/);
    // The control: the same run without `--no-config` reads the file and fails.
    const withConfig = await run(RUN_FLAGS.filter((flag) => flag !== "--no-config"));
    assert.notEqual(withConfig.code, 0, withConfig.stdout);
    assert.match(withConfig.stderr, /deno\.json/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("every chunk imports only other chunks and Deno's built-ins, never node:module at load", async () => {
  // A package's optional import() of another package that omn does not depend on fails with or
  // without deno.json (@ai-sdk/mistral's of livekit-client, for realtime voice): only an import
  // deno.json could resolve is one that --no-config would break.
  const config = JSON.parse(await Deno.readTextFile(join(PROGRAM, "..", "..", "deno.json")));
  const configured = new Set(Object.keys(config.imports));
  const specifiers = new Map<string, string[]>();
  for await (const entry of Deno.readDir(join(PROGRAM, ".."))) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const chunk = await Deno.readTextFile(join(PROGRAM, "..", entry.name));
    // Static imports and re-exports, and import() of a literal.
    for (
      const match of chunk.matchAll(
        /^(?:import|export)\b[^;"']*?["']([^"']+)["'];?$|\bimport\(\s*["']([^"']+)["']\s*\)/gm,
      )
    ) {
      const specifier = match[1] ?? match[2];
      const outside = !specifier.startsWith("./") &&
        !(specifier.startsWith("node:") && specifier !== "node:module") &&
        (match[1] !== undefined || configured.has(specifier) || specifier.startsWith("npm:"));
      if (outside) specifiers.set(entry.name, [...specifiers.get(entry.name) ?? [], specifier]);
    }
  }
  // A package imported by name needs deno.json's import map, which --no-config leaves out; a
  // static import of node:module loads Node's module system at every start.
  assert.deepEqual(Object.fromEntries(specifiers), {});
});

/**
 * `ask --provider mock` optimizes (almost) nothing: `V8_FLAGS` raise the
 * number of calls after which V8 compiles a function with Maglev, so that a
 * short command does not spend a second thread on compiling, then
 * deoptimizing, functions for a run about to end (the reasons and the
 * figures are at `V8_FLAGS` in src/permissions/permission_set.ts).
 *
 * Each run adds `--trace-opt`, which prints a line for each function V8
 * compiles with an optimizing tier, to the flags the program runs with. It
 * runs a copy of the bundle in a directory of its own: Deno keys its code
 * cache by file, and rejects an entry written under other V8 flags, so a run
 * of `build/` with `--trace-opt` would make the other tests' next run of
 * `build/` compile every chunk again. The control runs the same ask with
 * V8's own thresholds, which optimize several functions: the count tells the
 * flags' effect, not a quiet run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { bundlePaths } from "./_partial_bundle.ts";
import { tempWorkspace, type Workspace } from "./_omn.ts";
import { BUILD_DIR } from "../../scripts/launch_flags.ts";
import { permissionFlags, RUN_FLAGS } from "../../src/permissions/permission_set.ts";
import "./_program.ts";

/** The flags `V8_FLAGS` sets for tiering up, as V8 reads them. */
const TIER_UP_FLAGS = /,--invocation-count-for-maglev(?:-osr)?=\d+/g;

/** Copies every file of the bundle into `directory`, keeping its folders. */
async function copyBundle(directory: string): Promise<string> {
  for (const path of await bundlePaths()) {
    const target = join(directory, path.slice(BUILD_DIR.length));
    await Deno.mkdir(join(target, ".."), { recursive: true });
    await Deno.copyFile(path, target);
  }
  return join(directory, "main.js");
}

/** Runs the mock ask from `program` with `v8Flags` in place of omn's; counts the optimized functions. */
async function optimizedInMockAsk(
  program: string,
  workspace: Workspace,
  v8Flags: (flag: string) => string,
): Promise<number> {
  const flags = permissionFlags({
    configDirs: [workspace.home],
    dotenvFiles: [join(workspace.cwd, ".env")],
    programDirs: [join(program, "..")],
  });
  const runFlags = RUN_FLAGS.map((flag) =>
    flag.startsWith("--v8-flags=") ? `${v8Flags(flag)},--trace-opt` : flag
  );
  const args = ["ask", "--provider", "mock", "hi"];
  noteOmnStart(args);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...runFlags, ...flags, program, ...args],
    cwd: workspace.cwd,
    env: childEnv({ OMNIMANCER_HOME: workspace.home, NO_COLOR: "1" }),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.match(stdout, /Hello from the mock provider/);
  return stdout.split("\n").filter((line) => line.startsWith("[compiling method ")).length;
}

Deno.test("the mock ask compiles at most one function with an optimizing tier", async () => {
  assert.match(RUN_FLAGS.join(" "), TIER_UP_FLAGS, "V8_FLAGS set the thresholds");
  await using workspace = await tempWorkspace();
  const program = await copyBundle(join(workspace.root, "bundle"));
  const optimized = await optimizedInMockAsk(program, workspace, (flag) => flag);
  assert.ok(optimized <= 1, `${optimized} functions optimized`);
  // V8's own thresholds (a separate copy: another flag set has its own cache entries).
  const control = await copyBundle(join(workspace.root, "control"));
  const withDefaults = (flag: string) => flag.replace(TIER_UP_FLAGS, "");
  const byDefault = await optimizedInMockAsk(control, workspace, withDefaults);
  assert.ok(byDefault >= 3, `${byDefault} functions optimized with V8's own thresholds`);
});

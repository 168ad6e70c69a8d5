/**
 * Under the flags omn runs with (`V8_FLAGS`: a 4 MB young generation from
 * the start), `omn --help` and `omn ask --provider mock` end before their
 * first garbage collection: V8's own trace (`DENO_V8_FLAGS=--trace-gc`)
 * counts none. A count, not a time. The control, the same ask without
 * `V8_FLAGS`, shows that the trace sees the collections it made before.
 */
import assert from "node:assert/strict";
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { omnRunArgs } from "./_program.ts";
import { tempWorkspace, type Workspace } from "./_omn.ts";
import { V8_FLAGS } from "../../src/permissions/permission_set.ts";

/** V8's trace lines of a collection: scavenges and mark-compacts. */
const COLLECTION = /^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: (Scavenge|Mark-Compact|Incremental)/gm;

/** Runs `omn args…` with V8's collection trace; its exit code and the collections it made. */
async function collectionsOf(
  args: string[],
  workspace: Workspace,
  options: { withV8Flags: boolean },
): Promise<{ code: number; collections: number; stderr: string }> {
  const env = childEnv({
    OMNIMANCER_HOME: workspace.home,
    NO_COLOR: "1",
    DENO_V8_FLAGS: "--trace-gc",
  });
  const runArgs = omnRunArgs((name) => env[name], workspace.cwd)
    .filter((arg) => options.withV8Flags || !V8_FLAGS.includes(arg));
  noteOmnStart(args);
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...runArgs, ...args],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  return {
    code: output.code,
    collections: text.match(COLLECTION)?.length ?? 0,
    stderr: new TextDecoder().decode(output.stderr),
  };
}

Deno.test("omn runs with a young generation of 4 MB from the start", () => {
  assert.deepEqual(V8_FLAGS, ["--v8-flags=--min-semi-space-size=4"]);
});

Deno.test("--help and ask --provider mock end before their first garbage collection", async () => {
  await using workspace = await tempWorkspace();
  for (const args of [["--help"], ["ask", "--provider", "mock", "hi"]]) {
    const result = await collectionsOf(args, workspace, { withV8Flags: true });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.collections, 0, `omn ${args.join(" ")}:\n${result.stderr}`);
  }
});

Deno.test("the control: without V8_FLAGS the same ask makes a collection the trace sees", async () => {
  await using workspace = await tempWorkspace();
  const result = await collectionsOf(["ask", "--provider", "mock", "hi"], workspace, {
    withV8Flags: false,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.collections >= 1, result.stderr);
});

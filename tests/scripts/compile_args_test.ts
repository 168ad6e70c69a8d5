/**
 * A compiled binary gets what `deno run` of the bundle gets: the same V8
 * flags and the permission flags it is given.
 *
 * @module
 */
import assert from "node:assert/strict";
import { compileArgs } from "../../scripts/compile_args.ts";
import { RUN_FLAGS, V8_FLAGS } from "../../src/permissions/permission_set.ts";

Deno.test("compileArgs bakes in the V8 flags of deno run, the permission flags and the entry last", () => {
  const flags = ["--no-prompt", "--allow-read=/home"];
  const args = compileArgs({
    target: "x86_64-unknown-linux-gnu",
    bundleDir: "/tmp/bundle/",
    output: "/tmp/omn",
    flags,
    entry: "/tmp/entry.ts",
  });
  assert.deepEqual(args.slice(0, 8), [
    "compile",
    "-q",
    "--target",
    "x86_64-unknown-linux-gnu",
    "--include",
    "/tmp/bundle/",
    "--output",
    "/tmp/omn",
  ]);
  assert.ok(V8_FLAGS.length > 0);
  for (const flag of [...V8_FLAGS, ...flags]) assert.ok(args.includes(flag), flag);
  for (const flag of V8_FLAGS) assert.ok(RUN_FLAGS.includes(flag), flag);
  assert.equal(args.at(-1), "/tmp/entry.ts");
});

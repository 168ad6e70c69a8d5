/**
 * `deno task build`: bundles omn into `build/` (entry point `build/main.js`),
 * the program that `deno task omn`, the end-to-end tests and the benchmarks
 * run, and that `deno task compile` compiles.
 *
 * One bundle instead of some 250 source and package modules saves Deno a
 * file read, a cache lookup and a compile per module on every start. It is
 * split at each dynamic `import()`, so a run still loads only the code its
 * command uses (under `RUN_FLAGS`, src/permissions/permission_set.ts).
 *
 * It bundles only when a file the bundle is built from changed since the
 * last build (`build/.fingerprint`), and any number of builds may run at
 * once: one bundles, the others wait for it (scripts/ensure_build.ts).
 * `--force` bundles even when the bundle is current.
 *
 * Usage: deno task build [--force]
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure_build.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
if (Deno.args.includes("--force")) {
  await Deno.remove(`${root}build/.fingerprint`).catch(() => {});
}
try {
  const outcome = await ensureBuild(root);
  if (Deno.env.get("OMN_BUILD_VERBOSE")) console.error(`build: ${outcome}`);
} catch (error) {
  console.error(`Cannot bundle omn: ${(error as Error).message}; build/ was left as it was`);
  Deno.exit(1);
}

/**
 * `deno task build`: bundles omn into `build/` (entry point `build/main.js`),
 * the program that `deno task omn`, the end-to-end tests and the benchmarks
 * run, and that `deno task compile` compiles.
 *
 * One bundle instead of some 250 source and package modules saves Deno a
 * file read, a cache lookup and a compile per module on every start. It is
 * split at each dynamic `import()`, so a run still loads only the code its
 * command uses (under `RUN_FLAGS`, src/security/permission_set.ts).
 *
 * Usage: deno task build
 *
 * @module
 */
import { bundleProgram } from "./bundle_program.ts";

const output = new URL("../build/", import.meta.url);
const staging = new URL("../build.partial/", import.meta.url);
await Deno.remove(staging, { recursive: true }).catch(() => {});
try {
  await bundleProgram(staging.pathname);
} catch (error) {
  await Deno.remove(staging, { recursive: true }).catch(() => {});
  console.error(`Cannot bundle omn: ${(error as Error).message}; build/ was left as it was`);
  Deno.exit(1);
}
await Deno.remove(output, { recursive: true }).catch(() => {});
await Deno.rename(staging, output);

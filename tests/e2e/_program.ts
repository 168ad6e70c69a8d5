/**
 * The `deno` arguments that run omn in the end-to-end tests: the bundle in
 * `build/` under the release permission set. Loading this module fails, with
 * the command that fixes it, when the bundle is missing or older than the
 * source it is built from, so no test passes or fails against stale code.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { buildIsCurrent, recordedFingerprint } from "../../scripts/build_fingerprint.ts";
import { BUILD_DIR, PROGRAM, runArgs } from "../../scripts/launch_flags.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

if (recordedFingerprint(BUILD_DIR) === null) {
  throw new Error(`The bundle ${PROGRAM} is missing: run "deno task build" (deno task test does)`);
}
if (!buildIsCurrent(ROOT)) {
  throw new Error(
    `The bundle ${PROGRAM} is older than the source: run "deno task build" (deno task test does)`,
  );
}

/** The arguments of `deno` that run `omn` (append omn's own arguments). */
export function omnRunArgs(env: (name: string) => string | undefined, cwd: string): string[] {
  return runArgs(env, cwd);
}

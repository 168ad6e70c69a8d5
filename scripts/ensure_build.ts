/**
 * Makes `<root>/build/` the bundle of the current source, safely when many
 * processes ask at once (`deno task omn a | deno task omn b`, a test run and
 * a `deno task build`):
 *
 * - nothing happens when `build/.fingerprint` matches the inputs
 *   (`build_fingerprint.ts`);
 * - otherwise the process takes an exclusive lock on `build.lock` (an OS
 *   file lock, released even when the process dies), checks again (another
 *   process may just have built), bundles into a staging directory of its own
 *   (`build.staging-<random>/`), writes the fingerprint into it, and swaps it
 *   in: the old `build/` is renamed aside, the staging directory renamed to
 *   `build/`, the old one removed. Processes that wait on the lock find the
 *   bundle current and return.
 *
 * @module
 */
import { join } from "node:path";
import { buildFingerprint, FINGERPRINT_FILE, recordedFingerprint } from "./build_fingerprint.ts";
import { bundleProgram } from "./bundle_program.ts";

/** What {@linkcode ensureBuild} did. */
export type BuildOutcome = "current" | "built";

/** How to bundle into a directory (replaceable in tests). */
export type Bundler = (root: string, outdir: string) => Promise<void>;

/**
 * Brings `<root>/build/` up to date; returns "built" when this process bundled.
 * Throws (leaving `build/` as it was) when the bundle fails.
 */
export async function ensureBuild(
  root: string,
  bundle: Bundler = (root, outdir) => bundleProgram(outdir, root),
): Promise<BuildOutcome> {
  const output = join(root, "build");
  if (recordedFingerprint(output) === buildFingerprint(root)) return "current";
  using lock = await Deno.open(join(root, "build.lock"), { create: true, write: true });
  await lock.lock(true);
  try {
    const fingerprint = buildFingerprint(root);
    if (recordedFingerprint(output) === fingerprint) return "current";
    const suffix = crypto.randomUUID().slice(0, 8);
    const staging = join(root, `build.staging-${suffix}`);
    try {
      await bundle(root, staging);
      await Deno.writeTextFile(join(staging, FINGERPRINT_FILE), fingerprint);
    } catch (error) {
      await Deno.remove(staging, { recursive: true }).catch(() => {});
      throw error;
    }
    const old = join(root, `build.old-${suffix}`);
    const hadOutput = await Deno.rename(output, old).then(() => true, () => false);
    await Deno.rename(staging, output);
    if (hadOutput) await Deno.remove(old, { recursive: true });
    return "built";
  } finally {
    await lock.unlock();
  }
}

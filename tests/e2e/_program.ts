/**
 * The `deno` arguments that run omn in the end-to-end tests: the bundle in
 * `build/` under the release permission set. Loading this module fails, with
 * the command that fixes it, when the bundle is missing or older than the
 * source it is built from, so no test passes or fails against stale code.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM, runArgs } from "../../scripts/launch_flags.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function newestSourceChange(path: string): Promise<number> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) return info.mtime?.getTime() ?? 0;
  let newest = 0;
  for await (const entry of Deno.readDir(path)) {
    newest = Math.max(newest, await newestSourceChange(join(path, entry.name)));
  }
  return newest;
}

const built = await Deno.stat(PROGRAM).then((info) => info.mtime?.getTime() ?? 0, () => null);
if (built === null) {
  throw new Error(`The bundle ${PROGRAM} is missing: run "deno task build" (deno task test does)`);
}
const sources = await Promise.all(
  ["main.ts", "src", "deno.json", "deno.lock"].map((name) => newestSourceChange(join(ROOT, name))),
);
if (Math.max(...sources) > built) {
  throw new Error(
    `The bundle ${PROGRAM} is older than the source: run "deno task build" (deno task test does)`,
  );
}

/** The arguments of `deno` that run `omn` (append omn's own arguments). */
export function omnRunArgs(env: (name: string) => string | undefined, cwd: string): string[] {
  return runArgs(env, cwd);
}

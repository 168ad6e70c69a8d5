/**
 * `deno task omn`: runs the CLI under the release permission set.
 *
 * The launcher first brings the bundle up to date (scripts/ensure_build.ts:
 * nothing to do unless a source file changed since the last build; several
 * launchers at once bundle only once), then computes the permission set for
 * the caller's working directory (`INIT_CWD`) and config directory, then
 * runs the bundle in a child Deno under exactly those flags, passing stdio,
 * signals and the exit code through.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure_build.ts";
import { runArgs } from "./launch_flags.ts";
import { RefusalError } from "../src/core/errors.ts";

try {
  const outcome = await ensureBuild(fileURLToPath(new URL("../", import.meta.url)));
  if (Deno.env.get("OMN_BUILD_VERBOSE")) console.error(`build: ${outcome}`);
} catch (error) {
  console.error(`Cannot bundle omn: ${(error as Error).message}; fix the error and run it again`);
  Deno.exit(1);
}
const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
let args: string[];
try {
  args = runArgs((name) => Deno.env.get(name), cwd);
} catch (error) {
  // No usable config directory (HOME unset, a relative OMNIMANCER_HOME): omn's one line and exit 3.
  if (!(error instanceof RefusalError)) throw error;
  console.error(`error: ${error.message}`);
  Deno.exit(3);
}
const child = new Deno.Command(Deno.execPath(), {
  args: [...args, ...Deno.args],
  cwd,
  // Deno's own update check would go through the caller's proxy variables, unchecked.
  env: { DENO_NO_UPDATE_CHECK: "1" },
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
// Every signal that omn ends a run on (src/core/interrupts.ts): left to its default, one of them
// would end this launcher alone (SIGHUP: exit 129) and leave omn running without it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.addSignalListener(signal, () => child.kill(signal));
}
// Deno gives a child ended by a signal the shell's code for it, 128 + its number (137 for SIGKILL).
Deno.exit((await child.status).code);

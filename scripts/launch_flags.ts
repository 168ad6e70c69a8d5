/**
 * The permission flags for running omn from source in a given working
 * directory, shared by `deno task omn` and the end-to-end tests.
 *
 * @module
 */
import { join } from "node:path";
import { parseExtraHosts, permissionFlags } from "../src/security/permission_set.ts";

/**
 * Flags for a source run: the config directory (`OMNIMANCER_HOME`, else
 * `~/.omnimancer`) read and write, `<cwd>/.env` read, the provider hosts,
 * loopback and `OMNIMANCER_EXTRA_HOSTS`.
 */
export function launchFlags(env: (name: string) => string | undefined, cwd: string): string[] {
  const home = env("HOME") ?? env("USERPROFILE");
  const configDir = env("OMNIMANCER_HOME") ?? (home ? join(home, ".omnimancer") : undefined);
  if (!configDir) throw new Error("Cannot find the config directory: set HOME or OMNIMANCER_HOME");
  return permissionFlags({
    configDirs: [configDir],
    dotenvFiles: [join(cwd, ".env")],
    extraHosts: parseExtraHosts(env("OMNIMANCER_EXTRA_HOSTS")),
  });
}

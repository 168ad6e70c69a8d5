/**
 * Turns Deno's raw permission errors into one line that names what the
 * permission set refused and how to allow it.
 *
 * @module
 */
import { RefusalError } from "./errors.ts";

const REQUIRES = /Requires (\w+) access to "?([^",]+)"?/;

/** `path` without its trailing separators. */
const trimmed = (path: string) => path.replace(/[\\/]+$/, "");

/** Whether `path` is `directory`, inside it, or one of its parents. */
function onConfigPath(path: string, directory: string): boolean {
  return trimmed(path) === trimmed(directory) || isStrictParent(directory, path) ||
    isStrictParent(path, directory);
}

/** Whether `path` is one of the parents of `directory`. */
function isStrictParent(path: string, directory: string): boolean {
  const dir = trimmed(directory);
  const target = trimmed(path);
  return dir.startsWith(`${target}/`) || dir.startsWith(`${target}\\`);
}

/**
 * Whether `error` is a refusal of omn's own config directory `configDir`
 * (a binary built for another config directory): nothing can be recorded
 * there, not even the refusal.
 */
export function refusesConfigDir(error: unknown, configDir: string): boolean {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) {
    return false;
  }
  const match = REQUIRES.exec(error.message);
  return match !== null && (match[1] === "read" || match[1] === "write") &&
    onConfigPath(match[2], configDir);
}

/**
 * The one-line refusal for a Deno permission error, or `undefined` when the
 * error is not one. `configDir`, this run's config directory, lets a
 * refusal of the config directory itself (a binary pinned to another
 * user's directory) say so and how to fix it.
 */
export function explainPermissionError(
  error: unknown,
  configDir?: string,
): RefusalError | undefined {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) {
    return undefined;
  }
  const match = REQUIRES.exec(error.message);
  if (!match) return new RefusalError(`Refused by the operating system: ${error.message}`);
  const [, kind, target] = match;
  if (configDir !== undefined && refusesConfigDir(error, configDir)) {
    if (kind === "write" && isStrictParent(target, configDir)) {
      // Making a missing parent of the config directory, which the permission set never grants.
      return new RefusalError(
        `Cannot create the config directory "${configDir}": its parent "${target}" does not ` +
          `exist, and omn writes only inside its config directory: create it (mkdir -p "${target}"), ` +
          "or set OMNIMANCER_HOME to a directory whose parent exists",
      );
    }
    return new RefusalError(
      `Cannot use the config directory "${configDir}": this omn was built for another one (deno task compile --pin-home); ` +
        `use a portable release build, rebuild it here with deno task compile --pin-home, or set OMNIMANCER_HOME to the directory it was built for`,
    );
  }
  switch (kind) {
    case "net":
      return new RefusalError(
        `Connection to "${target}" refused by omn's permission set: only the provider hosts, the secret managers' hosts and loopback (127.0.0.1, localhost, [::1]) are allowed; ` +
          `to allow this host, set OMNIMANCER_EXTRA_HOSTS=${
            target.replace(/:\d+$/, "")
          } for "deno task omn" or when building with "deno task compile"`,
      );
    case "read":
      return new RefusalError(
        `Reading "${target}" refused by omn's permission set: omn reads only its config directory and ./.env; ` +
          `for a file, pass its content on stdin instead (omn … - < "${target}")`,
      );
    case "write":
      return new RefusalError(
        `Writing "${target}" refused by omn's permission set: omn writes only inside its config directory; ` +
          `redirect stdout to save output elsewhere`,
      );
    case "env":
      return new RefusalError(
        `Reading the environment variable ${target} refused by omn's permission set: omn reads only the variables it documents`,
      );
    default:
      return new RefusalError(`Refused by omn's permission set: ${kind} access to "${target}"`);
  }
}

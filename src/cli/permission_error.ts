/**
 * Turns Deno's raw permission errors into one line that names what the
 * permission set refused and how to allow it.
 *
 * @module
 */
import { RefusalError } from "./errors.ts";

const REQUIRES = /Requires (\w+) access to "?([^",]+)"?/;

/**
 * The one-line refusal for a Deno permission error, or `undefined` when the
 * error is not one.
 */
export function explainPermissionError(error: unknown): RefusalError | undefined {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) {
    return undefined;
  }
  const match = REQUIRES.exec(error.message);
  if (!match) return new RefusalError(`Refused by the operating system: ${error.message}`);
  const [, kind, target] = match;
  switch (kind) {
    case "net":
      return new RefusalError(
        `Connection to "${target}" refused by omn's permission set: only the provider hosts, the secret managers' hosts and loopback are allowed; ` +
          `to allow this host, set OMNIMANCER_EXTRA_HOSTS=${
            target.replace(/:\d+$/, "")
          } for "deno task omn" or when building with "deno task compile"`,
      );
    case "read":
      return new RefusalError(
        `Reading "${target}" refused by omn's permission set: omn reads only its config directory and ./.env; ` +
          `pass the content on stdin instead (omn … - < "${target}")`,
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

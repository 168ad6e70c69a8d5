/**
 * Where a file the user named on the command line may be opened. Deno checks
 * its read permission against the path as given, not the file a link leads
 * to, so a link inside the permission set (the `./.env` of a cloned
 * repository pointing at `~/.ssh/id_rsa`) would otherwise be read wherever
 * it points.
 *
 * @module
 */
import { dirname, resolve, sep } from "node:path";

/**
 * The path to open for `path`: the file it resolves to (every link followed)
 * when the read permission covers that file; otherwise `path` itself, when
 * no link lies between the granted directory it falls under and the file
 * (links above it are the user's own choice of path, such as `/tmp` being
 * `/private/tmp` on macOS).
 *
 * @example
 * ```ts
 * import { resolveUserFile } from "./resolve_user_file.ts";
 * const file = resolveUserFile(".env"); // "/home/ada/project/.env"
 * ```
 *
 * @throws {Deno.errors.NotCapable} when a link leads outside the read permission;
 * `Deno.realPathSync`'s errors otherwise (`NotFound`, `NotCapable` for `path` itself).
 */
export function resolveUserFile(path: string): string {
  const real = Deno.realPathSync(path);
  if (readable(real)) return real;
  const absolute = resolve(path);
  let root = absolute;
  while (dirname(root) !== root && readable(dirname(root))) root = dirname(root);
  for (let part = absolute;; part = dirname(part)) {
    if (Deno.lstatSync(part).isSymlink) {
      throw new Deno.errors.NotCapable(
        `Requires read access to "${real}", where the link "${part}" leads`,
      );
    }
    if (part === root || !part.startsWith(root + sep)) break;
  }
  return absolute;
}

function readable(path: string): boolean {
  return Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

/**
 * Where a file the user named on the command line really is. Deno checks
 * its read permission against the path as given, not the file a link leads
 * to, so a link inside the permission set (the `./.env` of a cloned
 * repository pointing at `~/.ssh/id_rsa`) would otherwise be read wherever
 * it points.
 *
 * @module
 */

/**
 * The path `path` resolves to (every link followed), which is what omn then
 * opens: the read permission must cover it as well as `path`.
 *
 * @example
 * ```ts
 * import { resolveUserFile } from "./resolve_user_file.ts";
 * const file = resolveUserFile(".env"); // "/home/ada/project/.env"
 * ```
 *
 * @throws {Deno.errors.NotCapable} when the file it leads to is outside the read permission;
 * `Deno.realPathSync`'s errors otherwise (`NotFound`, `NotCapable` for `path` itself).
 */
export function resolveUserFile(path: string): string {
  const real = Deno.realPathSync(path);
  if (Deno.permissions.querySync({ name: "read", path: real }).state !== "granted") {
    throw new Deno.errors.NotCapable(`Requires read access to "${real}", where "${path}" leads`);
  }
  return real;
}

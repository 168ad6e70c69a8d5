/**
 * The paths the permission set grants for the config directory and for
 * `./.env`.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";

/**
 * `path` (absolute), and the same path as the links above it resolve it when
 * they give it another one (macOS's `/tmp` and `/var`, a linked `/home`, a
 * working directory reached through a link): Deno checks some calls, an open
 * that sets a mode among them (the uid probe, every private file), or a
 * relative `.env`, against the path the links lead to, so with `path` alone
 * every command was refused there. Only the parent is resolved: a config
 * directory or a `./.env` that is itself a link grants nothing more (omn
 * refuses to use either). The parent need not exist yet; its nearest
 * existing ancestor is resolved. Just `path` when nothing can be resolved.
 *
 * @example
 * ```ts ignore
 * import { grantedPaths } from "./granted_paths.ts";
 * grantedPaths("/tmp/omn"); // on macOS: ["/tmp/omn", "/private/tmp/omn"]
 * ```
 */
export function grantedPaths(path: string): string[] {
  const rest = [basename(path)];
  let parent = dirname(path);
  for (;;) {
    try {
      const resolved = join(Deno.realPathSync(parent), ...rest);
      return resolved === path ? [path] : [path, resolved];
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound) || dirname(parent) === parent) return [path];
    }
    rest.unshift(basename(parent));
    parent = dirname(parent);
  }
}

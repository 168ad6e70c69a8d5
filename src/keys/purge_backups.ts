/**
 * Purges replaced or removed keys from every config backup.
 *
 * @module
 */
import { join } from "node:path";
import { readPrivateFile } from "../config/open_private_file.ts";
import type { ConfigStore } from "../config/store.ts";
import { withoutValues } from "./_stored_keys.ts";

/**
 * Removes every secret field holding one of `values` from every profile of
 * every backup (a backup that cannot be parsed goes when it holds one).
 *
 * @returns how many backups were rewritten or removed.
 */
export async function purgeBackups(
  store: ConfigStore,
  values: ReadonlySet<string>,
): Promise<number> {
  if (values.size === 0) return 0;
  const result = await store.purgeFromBackups((config) => withoutValues(config, values));
  const removedUnreadable = await removeUnreadableBackupsHolding(store, result.unreadable, values);
  return result.rewritten.length + result.removed.length + removedUnreadable.length;
}

/**
 * Deletes each of the named backups (which cannot be parsed, so cannot be
 * rewritten) that holds one of `values`, raw or JSON-escaped.
 *
 * @returns the names of the backups deleted.
 */
export async function removeUnreadableBackupsHolding(
  store: ConfigStore,
  names: readonly string[],
  values: ReadonlySet<string>,
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    // A copy of a malformed config cannot be rewritten; if it holds the key, it goes.
    const path = join(store.paths.backups, name);
    const read = await readPrivateFile(path, { label: "backup" });
    if (read === undefined) continue;
    const text = new TextDecoder().decode(read.bytes);
    if (
      [...values].some((value) =>
        text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))
      )
    ) {
      await Deno.remove(path);
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Writes the config schema's identity into the bundle: the SHA-256 of the
 * sources of the check a stamp lets a run skip, `src/config/parse_config.ts`
 * (`validateConfigJson`), and every module it imports (`schema.ts` and
 * its own; their paths and texts, in path order) and of the zod entry of
 * `deno.json`, in place of the placeholder of `src/config/config_check_id.ts`.
 * A check stamp (`src/config/check_stamp.ts`) then vouches for a config
 * only under the schema and the check that passed it.
 *
 * @module
 */
import { join } from "node:path";
import { readImportEdges } from "./import_graph.ts";
import { sha256Hex } from "../src/security/sha256.ts";

/** The placeholder `CONFIG_CHECK_ID` holds in the source. */
export const CONFIG_CHECK_ID_PLACEHOLDER = '"omn-config-check-id:source"';

/**
 * The module of the check itself, relative to the root: `validateConfigJson`
 * is what a stamped run skips, so a change to it (a check added beside the
 * schema's) changes the identity as a change to `schema.ts` does.
 */
const SCHEMA_MODULE = "src/config/parse_config.ts";

/**
 * `src/config/parse_config.ts` and every module of `src/` it imports
 * (`schema.ts` among them), relative to `root`, sorted.
 */
export async function schemaModules(root: string): Promise<string[]> {
  const edges = await readImportEdges(root);
  const seen = new Set<string>();
  const pending = [SCHEMA_MODULE];
  while (pending.length > 0) {
    const module = pending.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    for (const edge of edges) if (edge.from === module) pending.push(edge.to);
  }
  return [...seen].sort();
}

/** The schema's identity: the SHA-256 (hex) of its modules' paths and texts and of zod's version. */
export async function configCheckId(root: string): Promise<string> {
  const parts: string[] = [];
  for (const module of await schemaModules(root)) {
    parts.push(module, await Deno.readTextFile(join(root, module)));
  }
  const imports = JSON.parse(await Deno.readTextFile(join(root, "deno.json"))).imports ?? {};
  parts.push("zod", String(imports.zod));
  return sha256Hex(parts.join("\0"));
}

/**
 * Replaces the placeholder with `id` in the chunk of `outdir` (the files
 * directly in it) that holds it; returns whether one did. A bundle without
 * it (a stand-in program of the build's tests) is left as it is: a bundle
 * of omn without it would only check its config every time
 * (tests/scripts/config_check_id_test.ts finds it in omn's).
 *
 * @throws {Error} changing nothing, when the placeholder occurs more than once.
 */
export async function writeConfigCheckId(outdir: string, id: string): Promise<boolean> {
  const holders: { file: string; chunk: string }[] = [];
  let found = 0;
  for await (const entry of Deno.readDir(outdir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const file = join(outdir, entry.name);
    const chunk = await Deno.readTextFile(file);
    const count = chunk.split(CONFIG_CHECK_ID_PLACEHOLDER).length - 1;
    if (count === 0) continue;
    found += count;
    holders.push({ file, chunk });
  }
  if (found === 0) return false;
  if (found > 1) {
    throw new Error(
      `Cannot write the config check id: the bundle holds its placeholder ${found} times, not once`,
    );
  }
  const [{ file, chunk }] = holders;
  await Deno.writeTextFile(file, chunk.replace(CONFIG_CHECK_ID_PLACEHOLDER, `"${id}"`));
  return true;
}

/**
 * Bundles omn (`main.ts` and everything it imports, the npm packages
 * included) into one directory with `deno bundle`, split at each
 * dynamic `import()` so that a run loads only the code its command uses.
 * Commander's `node:` imports are then pointed at `src/cli/commander_node.ts`,
 * and every `node:path` import at `src/core/node_path.ts` (both bundled as
 * entry points of their own), so that no start loads Deno's Node
 * compatibility modules for them (scripts/commander_imports.ts,
 * scripts/node_path_imports.ts). Then the small chunks that the common
 * runs load are merged into a few files (scripts/merge_hot_chunks.ts).
 * Then the `require` helper of the CommonJS packages is made to load Node's
 * module system on its first call (scripts/lazy_require_helper.ts), and
 * the provider packages' default instances, which omn never uses, are
 * dropped (scripts/default_provider_instances.ts), and so are zod's
 * messages in other languages than English (scripts/zod_locales.ts). Last, the config
 * schema's identity is written in (scripts/config_check_id.ts).
 *
 * @module
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BundleError, bundleErrors } from "./bundle_errors.ts";
import { holdsCommander, rewriteCommanderImports } from "./commander_imports.ts";
import { rewriteNodePathImports } from "./node_path_imports.ts";
import { mergeHotChunks } from "./merge_hot_chunks.ts";
import { lazyRequireHelper } from "./lazy_require_helper.ts";
import {
  checkAllDropped,
  definedFactories,
  dropDefaultInstances,
} from "./default_provider_instances.ts";
import { englishZodLocales, holdsZodLocales } from "./zod_locales.ts";
import { configCheckId, writeConfigCheckId } from "./config_check_id.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The module commander's `node:` imports are pointed at, relative to the root. */
const COMMANDER_NODE = "src/cli/commander_node.ts";

/** The module every `node:path` import is pointed at, relative to the root. */
const NODE_PATH = "src/core/node_path.ts";

/**
 * Writes the bundle of `<root>/main.ts` (this project by default) into
 * `outdir` (entry point `main.js`); throws a `BundleError` with each error
 * deno bundle reported (scripts/bundle_errors.ts) when it fails.
 */
export async function bundleProgram(outdir: string, root: string = ROOT): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "-q",
      "--platform",
      "deno",
      "--code-splitting",
      "--outdir",
      outdir,
      join(root, "main.ts"),
      join(root, COMMANDER_NODE),
      join(root, NODE_PATH),
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new BundleError(bundleErrors(new TextDecoder().decode(result.stderr), root));
  }
  await rewriteNodeImports(outdir);
  await mergeHotChunks(outdir);
  await rewriteChunks(outdir, lazyRequireHelper);
  // Each is checked against the whole bundle when it holds the packages (a stand-in program
  // in the build's own tests holds neither).
  const dropped: string[] = [];
  const defined: string[] = [];
  let locales = 0;
  let holdsZod = false;
  await rewriteChunks(outdir, (chunk) => {
    defined.push(...definedFactories(chunk));
    holdsZod ||= holdsZodLocales(chunk);
    const withoutInstances = dropDefaultInstances(chunk);
    dropped.push(...withoutInstances.dropped);
    const english = englishZodLocales(withoutInstances.chunk);
    locales += english.replaced;
    return english.chunk;
  });
  checkAllDropped(dropped, defined);
  if (holdsZod && locales === 0) {
    throw new Error("Cannot find zod's locales in the bundle: update scripts/zod_locales.ts");
  }
  await writeConfigCheckId(outdir, await configCheckId(root));
}

/**
 * Points the `node:` imports of commander at `COMMANDER_NODE`, and every
 * `node:path` import at `NODE_PATH`, in each chunk of the bundle.
 */
async function rewriteNodeImports(outdir: string): Promise<void> {
  const specifierOf = (module: string) =>
    `./${relative(outdir, join(outdir, module.replace(/\.ts$/, ".js"))).replaceAll("\\", "/")}`;
  for (const module of [COMMANDER_NODE, NODE_PATH]) {
    await Deno.stat(join(outdir, module.replace(/\.ts$/, ".js")));
  }
  let foundCommander = false;
  for await (const entry of Deno.readDir(outdir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const file = join(outdir, entry.name);
    let chunk = await Deno.readTextFile(file);
    if (holdsCommander(chunk)) {
      foundCommander = true;
      chunk = rewriteCommanderImports(chunk, specifierOf(COMMANDER_NODE));
    }
    await Deno.writeTextFile(file, rewriteNodePathImports(chunk, specifierOf(NODE_PATH)));
  }
  if (!foundCommander) {
    throw new Error("Cannot find commander in the bundle to point it at its shim");
  }
}

/** Rewrites each chunk of the bundle (its `.js` files at the top) with `rewrite`. */
async function rewriteChunks(outdir: string, rewrite: (chunk: string) => string): Promise<void> {
  for await (const entry of Deno.readDir(outdir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const file = join(outdir, entry.name);
    const chunk = await Deno.readTextFile(file);
    const rewritten = rewrite(chunk);
    if (rewritten !== chunk) await Deno.writeTextFile(file, rewritten);
  }
}

/**
 * Bundles omn (`main.ts` and everything it imports, but the packages in
 * `BUNDLE_EXTERNALS`) into one directory with `deno bundle`, split at each
 * dynamic `import()` so that a run loads only the code its command uses.
 * Commander's `node:` imports are then pointed at `src/cli/commander_node.ts`
 * (bundled as a second entry point), so that no start loads Deno's Node
 * compatibility modules for it (scripts/commander_imports.ts).
 *
 * @module
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_EXTERNALS } from "./bundle_externals.ts";
import { holdsCommander, rewriteCommanderImports } from "./commander_imports.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The module commander's `node:` imports are pointed at, relative to the root. */
const COMMANDER_NODE = "src/cli/commander_node.ts";

/**
 * Writes the bundle of `<root>/main.ts` (this project by default) into
 * `outdir` (entry point `main.js`); throws with deno bundle's last line of
 * error output when it fails.
 */
export async function bundleProgram(outdir: string, root: string = ROOT): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "-q",
      "--platform",
      "deno",
      "--code-splitting",
      ...BUNDLE_EXTERNALS.flatMap((name) => ["--external", name]),
      "--outdir",
      outdir,
      join(root, "main.ts"),
      join(root, COMMANDER_NODE),
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const lines = new TextDecoder().decode(result.stderr).trim().split("\n");
    throw new Error(lines.at(-1) || "deno bundle failed");
  }
  await rewriteCommanderChunks(outdir);
}

/** Points the `node:` imports of the chunks holding commander at the bundled shim. */
async function rewriteCommanderChunks(outdir: string): Promise<void> {
  const shim = join(outdir, COMMANDER_NODE.replace(/\.ts$/, ".js"));
  await Deno.stat(shim);
  let found = false;
  for await (const entry of Deno.readDir(outdir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const file = join(outdir, entry.name);
    const chunk = await Deno.readTextFile(file);
    if (!holdsCommander(chunk)) continue;
    found = true;
    const specifier = `./${relative(outdir, shim).replaceAll("\\", "/")}`;
    await Deno.writeTextFile(file, rewriteCommanderImports(chunk, specifier));
  }
  if (!found) throw new Error("Cannot find commander in the bundle to point it at its shim");
}

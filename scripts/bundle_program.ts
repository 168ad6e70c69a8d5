/**
 * Bundles omn (`main.ts` and everything it imports, but the packages in
 * `BUNDLE_EXTERNALS`) into one directory with `deno bundle`, split at each
 * dynamic `import()` so that a run loads only the code its command uses.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_EXTERNALS } from "./bundle_externals.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

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
}

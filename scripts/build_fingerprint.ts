/**
 * The fingerprint of what the bundle is built from: every file of `main.ts`,
 * `src/`, `deno.json`, `deno.lock` and the scripts that bundle, by path,
 * size and modification time. `deno task build` records it in
 * `build/.fingerprint`; the bundle is rebuilt only when it differs.
 *
 * Synchronous on purpose: some 230 `stat` calls cost a few milliseconds this
 * way, and `deno task omn` pays them on every start.
 *
 * @module
 */
import { join } from "node:path";

/** What the bundle is built from, relative to the project root. */
export const BUILD_INPUTS: readonly string[] = [
  "main.ts",
  "src",
  "deno.json",
  "deno.lock",
  "scripts/bundle_program.ts",
  "scripts/lazy_require_helper.ts",
  "scripts/commander_imports.ts",
  "scripts/node_path_imports.ts",
  "scripts/merge_hot_chunks.ts",
  "scripts/hot_chunk_groups.ts",
  "scripts/config_check_id.ts",
  "scripts/import_graph.ts",
];

/** The name of the file, inside the build directory, that holds the fingerprint. */
export const FINGERPRINT_FILE = ".fingerprint";

/** One line per input file: `path size mtime`, sorted; a missing input is "path missing". */
export function inputLines(root: string, inputs: readonly string[] = BUILD_INPUTS): string[] {
  const lines: string[] = [];
  const visit = (relative: string) => {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(join(root, relative));
    } catch {
      lines.push(`${relative} missing`);
      return;
    }
    if (info.isDirectory) {
      for (const entry of Deno.readDirSync(join(root, relative))) {
        visit(`${relative}/${entry.name}`);
      }
    } else lines.push(`${relative} ${info.size} ${info.mtime?.getTime() ?? 0}`);
  };
  for (const input of inputs) visit(input);
  return lines.sort();
}

/** The fingerprint of the inputs under `root`: their lines, joined (compared as a whole). */
export function buildFingerprint(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  return `${inputLines(root, inputs).join("\n")}\n`;
}

/** The fingerprint recorded with the bundle in `buildDir`, or null when there is none. */
export function recordedFingerprint(buildDir: string): string | null {
  try {
    return Deno.readTextFileSync(join(buildDir, FINGERPRINT_FILE));
  } catch {
    return null;
  }
}

/** Whether the bundle in `<root>/build` was built from the inputs as they are now. */
export function buildIsCurrent(root: string): boolean {
  return recordedFingerprint(join(root, "build")) === buildFingerprint(root);
}

/**
 * Merges the small chunks that the common runs of omn load into a few files
 * (`hot-<hash>.js`), after `deno bundle` split the bundle: the groups and
 * the rewriting of imports are `scripts/hot_chunk_groups.ts`; each group is
 * bundled into one file by `deno bundle` again, every other file of the
 * bundle left outside it. Each merged file starts with the modules it holds,
 * one `// src/…` line each, as esbuild names them in a chunk.
 *
 * @module
 */
import { join } from "node:path";
import { BundleError, bundleErrors } from "./bundle_errors.ts";
import {
  evaluationOrder,
  exportedNames,
  hotGroups,
  importGraph,
  type MergedChunk,
  mergedName,
  rewriteImports,
  specifierFor,
} from "./hot_chunk_groups.ts";

/**
 * The common runs, each as the modules it loads (with what they import
 * statically): `--version`, a bare `redact`, `--help` (and any command
 * line but an `ask`, through commander's command tree), `ask --provider
 * mock` (the README's first command), and `ask` with OpenAI (the default
 * provider); an `ask` loads neither commander nor the tree.
 */
export const HOT_RUNS: readonly (readonly string[])[] = [
  ["main.ts"],
  ["main.ts", "src/cli/run_redact_only.ts"],
  ["main.ts", "src/cli/run_process_cli.ts", "src/cli/run_command_tree.ts"],
  ["main.ts", "src/cli/run_process_cli.ts", "src/ask/execute_ask.ts", "src/providers/mock.ts"],
  [
    "main.ts",
    "src/cli/run_process_cli.ts",
    "src/ask/execute_ask.ts",
    "src/providers/openai.ts",
    "src/providers/create_provider_model.ts",
  ],
];

/**
 * A chunk that holds a provider package (esbuild names each bundled module
 * by its npm path) or imports the one left external
 * (tests/e2e/provider_loading_test.ts reads the bundle the same way).
 */
const PROVIDER_PACKAGE = /registry\.npmjs\.org\/(@ai-sdk|@openrouter)\/|from "@ai-sdk\//;

/** The shared chunks of esbuild (entry chunks keep their files: `import()` names them). */
const CHUNK = /^chunk-[A-Z0-9]+\.js$/;

/** Merges the hot chunks of the bundle in `outdir` (see the module doc). */
export async function mergeHotChunks(
  outdir: string,
  hotRuns: readonly (readonly string[])[] = HOT_RUNS,
): Promise<void> {
  const files = await readBundle(outdir);
  const runs = hotRuns.map((modules) => modules.map((module) => fileHolding(files, module)));
  // Never into the program (main.js): what imports a chunk of a group imports the file the group
  // went into, and the program is still running, awaiting the very import that leads there.
  const program = runs[0][0];
  const hostable = (file: string) => isEntry(file) && file !== program;
  const graph = importGraph(files);
  // A chunk that holds a provider package, or imports one, stays apart from those that do not.
  const kindOf = (file: string) =>
    evaluationOrder(graph, [file]).some((each) => PROVIDER_PACKAGE.test(files.get(each) ?? ""))
      ? "provider"
      : "";
  const groups = hotGroups(graph, runs, isChunk, hostable, kindOf).map(asMerge);
  if (groups.length === 0) return;
  const merged = new Map<string, MergedChunk>();
  for (const group of groups) {
    group.file = group.host ?? `hot-${await shortHash(group.chunks.join("\n"))}.js`;
    group.chunks.forEach((chunk, index) => merged.set(chunk, { file: group.file, index }));
  }
  const original = new Map(files);
  const hosts = new Set(groups.map((group) => group.host));
  for (const [file, text] of files) {
    const own = hosts.has(file) ? file : merged.get(file)?.file;
    const rewritten = rewriteImports(file, text, merged, own);
    if (rewritten === text) continue;
    files.set(file, rewritten);
    await Deno.writeTextFile(join(outdir, file), rewritten);
  }
  // A fixed name (the bundle's folder is the build's own): the same source gives the same bundle.
  const workName = ".merge";
  const work = join(outdir, workName);
  await Deno.mkdir(work);
  const hostCopies: string[] = [];
  try {
    const entries: string[] = [];
    for (const group of groups) {
      const entry = `${workName}/${group.file}`;
      // A host is bundled from a copy beside it (its imports are relative to the bundle's folder).
      const hostCopy = group.host === undefined ? undefined : `${workName}-host-${group.host}`;
      if (hostCopy !== undefined) {
        hostCopies.push(hostCopy);
        await Deno.writeTextFile(join(outdir, hostCopy), files.get(group.host!)!);
      }
      await Deno.writeTextFile(
        join(outdir, entry),
        groupEntry(entry, group.chunks, files, hostCopy),
      );
      entries.push(entry);
    }
    const outside = [...files.keys()].filter((file) => !merged.has(file));
    const groupFiles = groups.filter((group) => group.host === undefined).map((group) =>
      group.file
    );
    await bundleGroups(outdir, entries, `${workName}/out`, [...outside, ...groupFiles]);
    for (const group of groups) {
      const text = await Deno.readTextFile(join(outdir, workName, "out", group.file));
      const listed = group.host === undefined ? group.chunks : [...group.chunks, group.host];
      await Deno.writeTextFile(join(outdir, group.file), moduleList(listed, original) + text);
      for (const chunk of group.chunks) await Deno.remove(join(outdir, chunk));
    }
  } finally {
    await Deno.remove(work, { recursive: true });
    for (const copy of hostCopies) await Deno.remove(join(outdir, copy));
  }
}

/** One group to merge: its chunks, the entry chunk they go into (if any), and the file they make. */
interface Merge {
  chunks: string[];
  host?: string;
  file: string;
}

/** A group of `hotGroups` (its host, if any, last) as a merge to make. */
function asMerge(group: string[]): Merge {
  const host = isChunk(group.at(-1)!) ? undefined : group.at(-1);
  return { chunks: host === undefined ? group : group.slice(0, -1), host, file: "" };
}

/** esbuild's shared chunks. */
function isChunk(file: string): boolean {
  return CHUNK.test(file);
}

/** The entry chunks at the top of the bundle (`main.js`, `execute_ask-….js`). */
function isEntry(file: string): boolean {
  return !file.includes("/") && file.endsWith(".js") && !CHUNK.test(file);
}

/** Every `.js` file of the bundle, by its path relative to `outdir` (with `/`). */
async function readBundle(outdir: string, prefix = ""): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(join(outdir, prefix))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory && !entry.name.startsWith(".")) {
      for (const [file, text] of await readBundle(outdir, path)) files.set(file, text);
    } else if (entry.isFile && entry.name.endsWith(".js")) {
      files.set(path, await Deno.readTextFile(join(outdir, path)));
    }
  }
  return files;
}

/** The file that holds `module` (esbuild names each module in a `// module` line). */
function fileHolding(files: ReadonlyMap<string, string>, module: string): string {
  for (const [file, text] of files) {
    if (text.startsWith(`// ${module}\n`) || text.includes(`\n// ${module}\n`)) return file;
  }
  throw new Error(
    `Cannot find "${module}" in the bundle: fix HOT_RUNS in scripts/merge_hot_chunks.ts`,
  );
}

/**
 * The entry that bundles a group: each chunk in turn, its exports renamed by
 * its number, then (for a group that goes into an entry chunk) the entry
 * chunk's own exports, from `hostCopy`.
 */
function groupEntry(
  entry: string,
  group: string[],
  files: ReadonlyMap<string, string>,
  hostCopy?: string,
): string {
  const chunks = group.map((chunk, index) => {
    const specifier = JSON.stringify(specifierFor(entry, chunk));
    const names = exportedNames(files.get(chunk)!);
    return names.length === 0
      ? `import ${specifier};\n`
      : `export { ${
        names.map((name) => `${name} as ${mergedName(index, name)}`).join(", ")
      } } from ${specifier};\n`;
  }).join("");
  return hostCopy === undefined
    ? chunks
    : `${chunks}export * from ${JSON.stringify(specifierFor(entry, hostCopy))};\n`;
}

/** Bundles each group's entry into `out` (relative to `outdir`), `external` files left outside. */
async function bundleGroups(
  outdir: string,
  entries: string[],
  out: string,
  external: string[],
): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "-q",
      "--platform",
      "deno",
      ...external.flatMap((file) => ["--external", `./${file}`]),
      "--outdir",
      out,
      ...entries,
    ],
    cwd: outdir,
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new BundleError(bundleErrors(new TextDecoder().decode(result.stderr), outdir));
  }
}

/** The head of a group's file: the files it merges and their modules, one `// module` line each. */
function moduleList(group: string[], files: ReadonlyMap<string, string>): string {
  const modules = group.flatMap((chunk) =>
    [...files.get(chunk)!.matchAll(/^\/\/ (\S+\.[cm]?[jt]sx?)$/gm)].map((match) => match[1])
  );
  return `// ${group.join(", ")}, merged by scripts/merge_hot_chunks.ts; their modules:\n` +
    modules.map((module) => `// ${module}\n`).join("") + "\n";
}

/** Eight characters of the SHA-256 of `text`, upper case (as esbuild names chunks). */
async function shortHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 4)].map((byte) => byte.toString(16).padStart(2, "0"))
    .join("").toUpperCase();
}

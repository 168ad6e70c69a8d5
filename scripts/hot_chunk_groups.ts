/**
 * Which chunks of the bundle to merge, and how their imports read after the
 * merge: the pure half of `scripts/merge_hot_chunks.ts`.
 *
 * esbuild splits the bundle at every dynamic `import()` (some hundred), into
 * one chunk per set of entry points that reach a module, so the start of
 * `omn ask --provider mock` read some 60 files, most of a few hundred bytes,
 * and Deno pays a read, a permission check, a cache lookup and a compile for
 * each. Here a like rule runs over the few common runs only (`HOT_RUNS`,
 * each the entries it loads): chunks loaded by the same hot runs form one
 * group, merged into one file. A hot run thus reads the same code as before,
 * in a few files; any other run reads a group's file where it read one of
 * its chunks, which is more code, never less.
 *
 * Two groups never import each other both ways (a chunk imported by another
 * is loaded by every run that loads the importer, so an import between
 * groups goes from a group loaded by fewer hot runs to one loaded by more);
 * a cycle through a file that is not merged (an entry chunk imported
 * statically, the `src/` shims) is checked for, and a group on one is left
 * unmerged.
 *
 * @module
 */
import { posix } from "node:path";

/** One static import of a chunk: `import { a as b } from "./chunk-X.js";`. */
export interface StaticImport {
  /** Where the statement starts and ends (after its `;`) in the text. */
  start: number;
  end: number;
  /** What is imported (`{ a as b }`), or `undefined` for `import "./chunk-X.js"`. */
  clause: string | undefined;
  /** The specifier, as written. */
  specifier: string;
}

const IMPORT = new RegExp(
  String
    .raw`^import\s*(?:(\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?)\s*from\s*)?"([^"\n]+)";?`,
  "gm",
);

/**
 * The static imports of a chunk: each `import` statement that starts a line
 * (esbuild writes those of other chunks first, and those of external
 * modules where the module that imports them starts).
 */
export function staticImports(text: string): StaticImport[] {
  return [...text.matchAll(IMPORT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    clause: match[1],
    specifier: match[2],
  }));
}

/** The names a chunk exports, from the `export { a, b as c };` that esbuild ends it with. */
export function exportedNames(text: string): string[] {
  const clause = /(?:^|\n)export\s*\{([^}]*)\};?\s*$/.exec(text);
  if (clause === null) return [];
  return clause[1].split(",").map((item) => item.trim()).filter((item) => item !== "")
    .map((item) => item.split(/\s+as\s+/).at(-1)!);
}

/** The imported names of a clause: `[name, local]` pairs; throws on a default or namespace import. */
export function namedImports(clause: string): [string, string][] {
  if (!clause.startsWith("{")) {
    throw new Error(`Cannot merge a chunk imported as "${clause}": only named imports are merged`);
  }
  return clause.slice(1, -1).split(",").map((item) => item.trim()).filter((item) => item !== "")
    .map((item) => {
      const [name, local] = item.split(/\s+as\s+/);
      return [name, local ?? name];
    });
}

/** The file a relative specifier names, relative to the bundle's directory; `undefined` for others. */
export function resolveSpecifier(importer: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  return posix.normalize(posix.join(posix.dirname(importer), specifier));
}

/** The specifier that reaches `target` from `importer` (both relative to the bundle's directory). */
export function specifierFor(importer: string, target: string): string {
  const path = posix.relative(posix.dirname(importer), target);
  return path.startsWith(".") ? path : `./${path}`;
}

/** The bundle's static import graph: each file's statically imported files, in order. */
export function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    graph.set(
      file,
      staticImports(text).map((entry) => resolveSpecifier(file, entry.specifier))
        .filter((target): target is string => target !== undefined && files.has(target)),
    );
  }
  return graph;
}

/** Every file `root` imports statically, itself included, in evaluation order (post-order). */
export function evaluationOrder(graph: ReadonlyMap<string, readonly string[]>, roots: string[]) {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const target of graph.get(file) ?? []) visit(target);
    order.push(file);
  };
  for (const root of roots) visit(root);
  return order;
}

/**
 * The groups of chunks to merge: the files `mergeable` allows, by the set of
 * `hotRuns` that load them (a run: the entries it loads, each with what it
 * imports statically), each group in evaluation order. A group goes into a
 * file `hostable` allows, loaded by the same runs, that imports all of it
 * (then last in the group: `execute_ask-….js` takes the chunks only the
 * ask's run loads); a group of one chunk without one is left as it is. A
 * group that would form an import cycle with the files around it is left
 * unmerged. Files of different `kindOf` are never grouped (a provider
 * package's chunks stay apart from omn's own: a command that loads only the
 * latter, `omn keys`, must not read the former).
 */
export function hotGroups(
  graph: ReadonlyMap<string, readonly string[]>,
  hotRuns: readonly (readonly string[])[],
  mergeable: (file: string) => boolean,
  hostable: (file: string) => boolean = () => false,
  kindOf: (file: string) => string = () => "",
): string[][] {
  const loadedBy = new Map<string, string>();
  hotRuns.forEach((entries, run) => {
    for (const file of evaluationOrder(graph, [...entries])) {
      loadedBy.set(file, `${loadedBy.get(file) ?? ""} ${run}`);
    }
  });
  const bySignature = new Map<string, string[]>();
  const hosts = new Map<string, string[]>();
  for (const file of evaluationOrder(graph, hotRuns.flat())) {
    const signature = `${loadedBy.get(file)!}|${kindOf(file)}`;
    const table = mergeable(file) ? bySignature : hostable(file) ? hosts : undefined;
    if (table === undefined) continue;
    if (!table.has(signature)) table.set(signature, []);
    table.get(signature)!.push(file);
  }
  let groups = [...bySignature].map(([signature, group]) => {
    const host = hosts.get(signature)?.find((file) => {
      const imported = new Set(evaluationOrder(graph, [file]));
      return group.every((chunk) => imported.has(chunk));
    });
    return host === undefined ? group : [...group, host];
  }).filter((group) => group.length > 1);
  for (;;) {
    const cyclic = groupOnCycle(graph, groups);
    if (cyclic === undefined) return groups;
    groups = groups.filter((group) => group !== cyclic);
  }
}

/** A group that lies on an import cycle once its chunks are one file; `undefined` when none does. */
function groupOnCycle(
  graph: ReadonlyMap<string, readonly string[]>,
  groups: readonly string[][],
): string[] | undefined {
  const groupOf = new Map<string, string[]>();
  for (const group of groups) for (const file of group) groupOf.set(file, group);
  const node = (file: string): string | string[] => groupOf.get(file) ?? file;
  const edges = new Map<string | string[], Set<string | string[]>>();
  for (const [file, targets] of graph) {
    const from = node(file);
    if (!edges.has(from)) edges.set(from, new Set());
    for (const target of targets) if (node(target) !== from) edges.get(from)!.add(node(target));
  }
  const state = new Map<string | string[], "open" | "done">();
  let found: string[] | undefined;
  const visit = (current: string | string[], path: (string | string[])[]): boolean => {
    if (state.get(current) === "done") return false;
    if (state.get(current) === "open") {
      const cycle = path.slice(path.indexOf(current));
      found = cycle.find((item): item is string[] => Array.isArray(item));
      return true;
    }
    state.set(current, "open");
    for (const target of edges.get(current) ?? []) {
      if (visit(target, [...path, current])) return true;
    }
    state.set(current, "done");
    return false;
  };
  for (const from of edges.keys()) {
    if (visit(from, [])) {
      if (found === undefined) throw new Error("Cannot merge the chunks: the bundle has a cycle");
      return found;
    }
  }
  return undefined;
}

/** The name a group's file exports chunk number `index`'s export `name` under. */
export function mergedName(index: number, name: string): string {
  return `c${index}$${name}`;
}

/** Where a merged chunk now is: its group's file, and its number in the group. */
export interface MergedChunk {
  file: string;
  index: number;
}

/**
 * `text` (the file `importer`) with its imports of merged chunks pointed at
 * their group's file, under the names that file exports them by; imports of
 * chunks merged into `ownGroup` itself are kept (the merge resolves them).
 */
export function rewriteImports(
  importer: string,
  text: string,
  merged: ReadonlyMap<string, MergedChunk>,
  ownGroup?: string,
): string {
  let result = "";
  let position = 0;
  for (const entry of staticImports(text)) {
    const target = resolveSpecifier(importer, entry.specifier);
    const chunk = target === undefined ? undefined : merged.get(target);
    if (chunk === undefined || chunk.file === ownGroup) continue;
    const specifier = JSON.stringify(specifierFor(importer, chunk.file));
    const statement = entry.clause === undefined
      ? `import ${specifier};`
      : `import { ${
        namedImports(entry.clause).map(([name, local]) =>
          `${mergedName(chunk.index, name)} as ${local}`
        ).join(", ")
      } } from ${specifier};`;
    result += text.slice(position, entry.start) + statement;
    position = entry.end;
  }
  return result + text.slice(position);
}

/**
 * The folder graph of `src/`: every relative import of every `.ts` file,
 * mapped to the folder (and the layer) of the importing and the imported
 * file. Used by `scripts/report_imports.ts` and by the architecture test
 * (`tests/architecture/import_layers_test.ts`), which fails on an upward
 * import or a cycle between folders.
 *
 * A file's folder is the first directory under `src/` (`src/cli/commands/ask.ts`
 * is in `cli`); a file directly in `src/` is in the folder `src`.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";

/** The layers of `src/`, top first; each folder may import only its own layer or lower ones. */
export const LAYERS: readonly { name: string; folders: readonly string[] }[] = [
  { name: "cli", folders: ["cli"] },
  {
    name: "features",
    folders: [
      "ask",
      "chat",
      "batch",
      "history",
      "usage",
      "audit",
      "doctor",
      "templates",
      "completions",
      "keys",
      "profiles",
      "trust",
      "config_command",
      "models",
      "providers_command",
      "scan",
    ],
  },
  {
    name: "services",
    folders: [
      "providers",
      "net",
      "permissions",
      "credentials",
      "keystore",
      "secrets",
      "config",
      "log",
      "budget",
    ],
  },
  { name: "ground", folders: ["core", "security", "src"] },
];

/** One relative import: the importing file, the specifier and the file it names (paths relative to the root). */
export interface ImportEdge {
  from: string;
  specifier: string;
  to: string;
}

const STATIC_IMPORT = /^\s*(?:import|export)\b[^"';]*?\bfrom\s*["']([^"']+)["']/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The relative specifiers a source text imports (static, re-export, side-effect and dynamic). */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  for (const pattern of [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of source.matchAll(pattern)) {
      if (match[1].startsWith(".")) specifiers.push(match[1]);
    }
  }
  return specifiers;
}

/** The folder of a path relative to the root (`src/cli/commands/ask.ts` → `cli`), or undefined outside `src/`. */
export function folderOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== "src") return undefined;
  return parts.length === 2 ? "src" : parts[1];
}

/** The index of a folder's layer in {@link LAYERS} (0 = top), or undefined for a folder no layer names. */
export function layerOf(folder: string): number | undefined {
  const index = LAYERS.findIndex((layer) => layer.folders.includes(folder));
  return index === -1 ? undefined : index;
}

async function listTypeScript(root: string, directory: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(root, directory))) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory) files.push(...await listTypeScript(root, path));
    else if (entry.isFile && entry.name.endsWith(".ts")) files.push(path);
  }
  return files.sort();
}

/** Every relative import made by a `.ts` file under `src/` of the project at `root`. */
export async function readImportEdges(root: string): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const from of await listTypeScript(root, "src")) {
    const source = await Deno.readTextFile(join(root, from));
    for (const specifier of importSpecifiers(source)) {
      const to = relative(resolve(root), resolve(root, dirname(from), specifier))
        .replaceAll("\\", "/");
      edges.push({ from, specifier, to });
    }
  }
  return edges;
}

/** The folder graph: for each folder, the folders it imports (itself excluded). */
export function folderGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === undefined || to === undefined) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    if (from !== to) graph.get(from)!.add(to);
  }
  return graph;
}

/** The pairs of folders that import each other, each as `[a, b]` with a < b. */
export function mutualPairs(graph: ReadonlyMap<string, ReadonlySet<string>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (from < to && graph.get(to)?.has(from)) pairs.push([from, to]);
    }
  }
  return pairs.sort((a, b) => a.join("/").localeCompare(b.join("/")));
}

/**
 * The strongly connected components of more than one folder (Tarjan): each is
 * a set of folders that reach one another, so one or more cycles.
 */
export function folderCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/**
 * The number of elementary cycles in the folder graph (Johnson's count,
 * simplified: each cycle counted once from its smallest folder), capped at
 * `limit` so a tangled graph still answers quickly.
 */
export function countElementaryCycles(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  limit = 1_000_000,
): number {
  const nodes = [...graph.keys()].sort();
  let count = 0;
  for (const start of nodes) {
    const path = new Set<string>([start]);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (count >= limit) return;
        if (next === start) count++;
        else if (next > start && !path.has(next)) {
          path.add(next);
          walk(next);
          path.delete(next);
        }
      }
    };
    walk(start);
  }
  return count;
}

/** The imports that point from a lower layer to a higher one, or from or to a folder no layer names. */
export function upwardImports(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((edge) => {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === undefined || to === undefined || from === to) return false;
    const fromLayer = layerOf(from);
    const toLayer = layerOf(to);
    return fromLayer === undefined || toLayer === undefined || toLayer < fromLayer;
  });
}

/** The imports between different folders of one tangle (a strongly connected set of folders): the edges of its cycles. */
export function tangleImports(
  edges: readonly ImportEdge[],
  tangle: readonly string[],
): ImportEdge[] {
  return edges.filter((edge) => {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    return from !== to && tangle.includes(from ?? "") && tangle.includes(to ?? "");
  });
}

/** The folders under `src/` of the project at `root` that no layer names. */
export async function unlayeredFolders(root: string): Promise<string[]> {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(join(root, "src"))) {
    if (entry.isDirectory && layerOf(entry.name) === undefined) folders.push(entry.name);
  }
  return folders.sort();
}

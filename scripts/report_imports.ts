/**
 * Prints the shape of the imports between the folders of `src/`: the number
 * of folder cycles (elementary cycles, and the tangles of folders that reach
 * one another), the pairs of folders that import each other, the imports
 * that point upward, and the imports into each folder from other folders.
 *
 * Usage: deno run --allow-read scripts/report_imports.ts [ROOT]
 *
 * @module
 */
import {
  countElementaryCycles,
  folderCycles,
  folderGraph,
  folderOf,
  layerOf,
  LAYERS,
  mutualPairs,
  readImportEdges,
  upwardImports,
} from "./import_graph.ts";

const root = Deno.args[0] ?? ".";
const edges = await readImportEdges(root);
const graph = folderGraph(edges);
const tangles = folderCycles(graph);
const pairs = mutualPairs(graph);
const upward = upwardImports(edges);

console.log(`folders: ${graph.size}, relative imports: ${edges.length}`);
const CYCLE_LIMIT = 1_000_000;
const cycles = countElementaryCycles(graph, CYCLE_LIMIT);
console.log(
  `folder cycles (elementary): ${
    cycles >= CYCLE_LIMIT ? `at least ${cycles} (count stopped)` : cycles
  }`,
);
console.log(`folder tangles (strongly connected, > 1 folder): ${tangles.length}`);
for (const tangle of tangles) console.log(`  ${tangle.join(" ")}`);
console.log(`mutual folder pairs: ${pairs.length}`);
for (const [a, b] of pairs) console.log(`  ${a} <-> ${b}`);
console.log(
  `upward imports (layers: ${LAYERS.map((layer) => layer.name).join(" > ")}): ${upward.length}`,
);
console.log("imports into each folder from other folders (files importing it):");
const into = new Map<string, { imports: number; from: Set<string> }>();
for (const edge of edges) {
  const from = folderOf(edge.from);
  const to = folderOf(edge.to);
  if (from === undefined || to === undefined || from === to) continue;
  const entry = into.get(to) ?? { imports: 0, from: new Set<string>() };
  entry.imports++;
  entry.from.add(from);
  into.set(to, entry);
}
for (
  const folder of [...graph.keys()].sort((a, b) =>
    (layerOf(a) ?? 9) - (layerOf(b) ?? 9) || a.localeCompare(b)
  )
) {
  const entry = into.get(folder);
  const layer = layerOf(folder);
  console.log(
    `  ${folder.padEnd(18)} ${(layer === undefined ? "?" : LAYERS[layer].name).padEnd(9)} ${
      String(entry?.imports ?? 0).padStart(4)
    } imports from ${entry?.from.size ?? 0} folders`,
  );
}

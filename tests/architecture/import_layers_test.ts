/**
 * The layers of `src/` only point down (see src/README.md): cli on top, then
 * the features, then the services they share, then the ground. The test reads
 * every relative import of every file under `src/`, maps each file to its
 * folder and the folder to its layer, and fails naming the file and the
 * import on an import that points upward, on a folder no layer names, or on
 * any cycle between folders (which includes two folders importing each other).
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  folderCycles,
  folderGraph,
  folderOf,
  type ImportEdge,
  layerOf,
  LAYERS,
  readImportEdges,
  tangleImports,
  unlayeredFolders,
  upwardImports,
} from "../../scripts/import_graph.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const edges = await readImportEdges(ROOT);

function describe(edge: ImportEdge): string {
  const from = folderOf(edge.from)!;
  const to = folderOf(edge.to)!;
  const layer = (folder: string) => LAYERS[layerOf(folder) ?? -1]?.name ?? "no layer";
  return `${edge.from} imports "${edge.specifier}" (${from}, ${layer(from)} -> ${to}, ${
    layer(to)
  })`;
}

Deno.test("the import reader sees the imports of src/ (a sanity floor, not a count)", () => {
  assert.ok(edges.some((edge) => edge.from === "src/cli/app.ts"), "src/cli/app.ts has imports");
  assert.ok(edges.some((edge) => folderOf(edge.to) === "core"), "something imports src/core/");
});

Deno.test("every folder of src/ belongs to a layer", async () => {
  assert.deepEqual(
    await unlayeredFolders(ROOT),
    [],
    "add the folder to LAYERS in scripts/import_graph.ts and to src/README.md",
  );
});

Deno.test("no import points from a lower layer to a higher one", () => {
  const upward = upwardImports(edges).map(describe);
  assert.deepEqual(upward, [], `imports pointing upward:\n  ${upward.join("\n  ")}`);
});

Deno.test("no cycle between folders, and no two folders import each other", () => {
  const tangles = folderCycles(folderGraph(edges));
  const described = tangles.map((tangle) =>
    `${tangle.join(" <-> ")}:\n    ${tangleImports(edges, tangle).map(describe).join("\n    ")}`
  );
  assert.deepEqual(described, [], `folders in a cycle:\n  ${described.join("\n  ")}`);
});

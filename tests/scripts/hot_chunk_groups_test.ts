import assert from "node:assert/strict";
import {
  evaluationOrder,
  exportedNames,
  hotGroups,
  type MergedChunk,
  namedImports,
  rewriteImports,
  specifierFor,
  staticImports,
} from "../../scripts/hot_chunk_groups.ts";

const CHUNK = [
  'import "./chunk-A.js";',
  "import {",
  "  one,",
  "  two as second",
  '} from "./chunk-B.js";',
  'import { three } from "./run_x-C.js";',
  "",
  "// src/security/patterns.ts",
  "var text = `",
  'see import "./chunk-Z.js" in the text`;',
  "",
  "// src/config/paths.ts",
  'import { join } from "./src/core/node_path.js";',
  "function four() { return one + second + three; }",
  "export {",
  "  four,",
  "  text as words",
  "};",
  "",
].join("\n");

Deno.test("a chunk's static imports are the import statements that start a line", () => {
  assert.deepEqual(
    staticImports(CHUNK).map(({ clause, specifier }) => [clause, specifier]),
    [
      [undefined, "./chunk-A.js"],
      ["{\n  one,\n  two as second\n}", "./chunk-B.js"],
      ["{ three }", "./run_x-C.js"],
      ["{ join }", "./src/core/node_path.js"],
    ],
  );
});

Deno.test("a chunk's exports are the names of its closing export clause", () => {
  assert.deepEqual(exportedNames(CHUNK), ["four", "words"]);
  assert.deepEqual(exportedNames("var a = 1;\n"), []);
});

Deno.test("only named imports can be taken from a merged file", () => {
  assert.deepEqual(namedImports("{ a, b as c }"), [["a", "a"], ["b", "c"]]);
  assert.throws(() => namedImports("* as everything"), /only named imports/);
  assert.throws(() => namedImports("first"), /only named imports/);
});

Deno.test("specifiers are relative to the importer's folder", () => {
  assert.equal(specifierFor("chunk-A.js", "hot-1.js"), "./hot-1.js");
  assert.equal(specifierFor("src/cli/shim.js", "hot-1.js"), "../../hot-1.js");
  assert.equal(specifierFor(".merge-x/hot-1.js", "chunk-A.js"), "../chunk-A.js");
});

Deno.test("imports of merged chunks are taken from their group's file, under its names", () => {
  const merged = new Map<string, MergedChunk>([
    ["chunk-A.js", { file: "hot-1.js", index: 0 }],
    ["chunk-B.js", { file: "hot-1.js", index: 3 }],
  ]);
  const rewritten = rewriteImports("chunk-D.js", CHUNK, merged).split("\n");
  assert.deepEqual(rewritten.slice(0, 3), [
    'import "./hot-1.js";',
    'import { c3$one as one, c3$two as second } from "./hot-1.js";',
    'import { three } from "./run_x-C.js";',
  ]);
  assert.deepEqual(rewritten.slice(3), CHUNK.split("\n").slice(6));
  // From a folder of the bundle, and from a chunk of the same group (left to the merge).
  assert.match(
    rewriteImports("src/cli/shim.js", 'import "../../chunk-A.js";\n', merged),
    /^import "\.\.\/\.\.\/hot-1\.js";/,
  );
  assert.equal(rewriteImports("chunk-B.js", CHUNK, merged, "hot-1.js"), CHUNK);
});

/** main → cli (→ ask, dynamically: not an edge) ; cli and ask share S; each has its own. */
const GRAPH = new Map<string, string[]>([
  ["main.js", ["chunk-V.js"]],
  ["chunk-V.js", []],
  ["cli.js", ["chunk-S1.js", "chunk-C1.js", "chunk-C2.js"]],
  ["ask.js", ["chunk-S2.js", "chunk-A1.js", "chunk-S1.js"]],
  ["chunk-S1.js", ["chunk-S2.js"]],
  ["chunk-S2.js", []],
  ["chunk-C1.js", ["chunk-S2.js"]],
  ["chunk-C2.js", []],
  ["chunk-A1.js", []],
  ["cold.js", ["chunk-C1.js", "chunk-K.js"]],
  ["chunk-K.js", []],
]);
const isChunk = (file: string) => file.startsWith("chunk-");

Deno.test("evaluation order is the post-order of the static imports", () => {
  assert.deepEqual(evaluationOrder(GRAPH, ["cli.js"]), [
    "chunk-S2.js",
    "chunk-S1.js",
    "chunk-C1.js",
    "chunk-C2.js",
    "cli.js",
  ]);
});

/** The hot runs of GRAPH: main alone, main and the cli, main, the cli and ask. */
const RUNS = [["main.js"], ["main.js", "cli.js"], ["main.js", "cli.js", "ask.js"]];

Deno.test("chunks loaded by the same hot runs form a group, in evaluation order", () => {
  // S1 and S2 load with the cli (and so in ask's run too), C1 and C2 as well; A1 in ask's run
  // only, V in every run: each alone, left as it is. K loads in no hot run.
  assert.deepEqual(hotGroups(GRAPH, RUNS, isChunk), [[
    "chunk-S2.js",
    "chunk-S1.js",
    "chunk-C1.js",
    "chunk-C2.js",
  ]]);
  // Were ask's run without the cli's, S1 and S2 (ask's too) would part from C1 and C2.
  assert.deepEqual(hotGroups(GRAPH, [["main.js"], ["main.js", "cli.js"], ["ask.js"]], isChunk), [
    ["chunk-S2.js", "chunk-S1.js"],
    ["chunk-C1.js", "chunk-C2.js"],
  ]);
});

Deno.test("each hot run loads the same chunks through the groups as before; another run, more", () => {
  const groups = hotGroups(GRAPH, RUNS, isChunk);
  const groupOf = new Map(groups.flatMap((group) => group.map((file) => [file, group])));
  const loads = (run: string[]) => {
    const before = new Set(evaluationOrder(GRAPH, run));
    return { before, after: new Set([...before].flatMap((file) => groupOf.get(file) ?? [file])) };
  };
  for (const run of RUNS) {
    const { before, after } = loads(run);
    assert.deepEqual([...after].sort(), [...before].sort(), run.join(" "));
  }
  // ask without the cli (no hot run) reads the cli's chunks C1 and C2 too, merged with S1 and S2.
  const { before, after } = loads(["ask.js"]);
  assert.deepEqual([...after].filter((file) => !before.has(file)).sort(), [
    "chunk-C1.js",
    "chunk-C2.js",
  ]);
});

Deno.test("a group goes last into the entry chunk loaded by the same runs that imports all of it", () => {
  const entry = (file: string) => file.endsWith(".js") && !isChunk(file) && file !== "main.js";
  // cli.js takes the chunks of the runs with the cli; ask.js, of ask's run, its A1; V, every
  // run's, only main.js imports, which takes none.
  assert.deepEqual(hotGroups(GRAPH, RUNS, isChunk, entry), [
    ["chunk-S2.js", "chunk-S1.js", "chunk-C1.js", "chunk-C2.js", "cli.js"],
    ["chunk-A1.js", "ask.js"],
  ]);
  const asks = hotGroups(GRAPH, [["main.js"], ["main.js", "cli.js"], ["ask.js"]], isChunk, entry);
  assert.deepEqual(asks, [
    ["chunk-S2.js", "chunk-S1.js"],
    ["chunk-C1.js", "chunk-C2.js", "cli.js"],
    ["chunk-A1.js", "ask.js"],
  ]);
});

Deno.test("a group on an import cycle through a file left alone is not merged", () => {
  // cli's chunks X and Y, with an entry chunk between them: X → shim.js → Y.
  const graph = new Map<string, string[]>([
    ["cli.js", ["chunk-X.js", "chunk-Y.js"]],
    ["chunk-X.js", ["shim.js"]],
    ["shim.js", ["chunk-Y.js"]],
    ["chunk-Y.js", []],
  ]);
  assert.deepEqual(hotGroups(graph, [["cli.js"]], isChunk), []);
  graph.set("chunk-X.js", []);
  assert.deepEqual(hotGroups(graph, [["cli.js"]], isChunk), [["chunk-X.js", "chunk-Y.js"]]);
});

Deno.test("chunks of different kinds are never grouped, however the hot runs load them", () => {
  // C2 holds a provider package: the cli's group keeps S1, S2 and C1, and C2 stays alone.
  const kindOf = (file: string) => file === "chunk-C2.js" ? "provider" : "";
  assert.deepEqual(hotGroups(GRAPH, RUNS, isChunk, () => false, kindOf), [[
    "chunk-S2.js",
    "chunk-S1.js",
    "chunk-C1.js",
  ]]);
  // Two of that kind, loaded by the same runs, form a group of their own.
  const twoProviders = (file: string) =>
    file === "chunk-C2.js" || file === "chunk-C1.js" ? "provider" : "";
  assert.deepEqual(hotGroups(GRAPH, RUNS, isChunk, () => false, twoProviders), [
    ["chunk-S2.js", "chunk-S1.js"],
    ["chunk-C1.js", "chunk-C2.js"],
  ]);
});

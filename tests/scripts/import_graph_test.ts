/**
 * The import graph reader and its checks find what they must: a planted
 * upward import, a planted cycle of three folders, a mutual pair, static,
 * type-only, re-export, side-effect and dynamic imports; and they do not
 * count bare specifiers or imports inside one folder.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  countElementaryCycles,
  folderCycles,
  folderGraph,
  folderOf,
  importSpecifiers,
  mutualPairs,
  readImportEdges,
  tangleImports,
  unlayeredFolders,
  upwardImports,
} from "../../scripts/import_graph.ts";

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "omn-import-graph-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

Deno.test("importSpecifiers reads every form of relative import and skips bare ones", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { B } from "../b/b.ts";',
    "import {",
    "  c,",
    '} from "../c/c.ts";',
    'export { d } from "./d.ts";',
    'export * from "./e.ts";',
    'import "./f.ts";',
    'const g = await import("../g/g.ts");',
    'import { z } from "zod";',
    'import { Command } from "@commander-js/extra-typings";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(source).sort(), [
    "../b/b.ts",
    "../c/c.ts",
    "../g/g.ts",
    "./a.ts",
    "./d.ts",
    "./e.ts",
    "./f.ts",
  ]);
});

Deno.test("folderOf counts cli/commands as cli and a top-level file as src", () => {
  assert.equal(folderOf("src/cli/commands/ask.ts"), "cli");
  assert.equal(folderOf("src/version.ts"), "src");
  assert.equal(folderOf("tests/cli/app_test.ts"), undefined);
});

Deno.test("a planted upward import is found, named by file and specifier", async () => {
  const root = await project({
    "src/core/errors.ts": 'import { x } from "../cli/commands/ask.ts";\n',
    "src/cli/commands/ask.ts": 'import { y } from "../../core/errors.ts";\n',
    "src/ask/run_ask.ts":
      'import { y } from "../core/errors.ts";\nimport { w } from "./other.ts";\n',
  });
  try {
    const edges = await readImportEdges(root);
    const upward = upwardImports(edges);
    assert.deepEqual(upward, [{
      from: "src/core/errors.ts",
      specifier: "../cli/commands/ask.ts",
      to: "src/cli/commands/ask.ts",
    }]);
    assert.deepEqual(mutualPairs(folderGraph(edges)), [["cli", "core"]]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a cycle of three folders within one layer is found, with its imports", async () => {
  const root = await project({
    "src/config/store.ts": 'import type { K } from "../keystore/keyring.ts";\n',
    "src/keystore/keyring.ts": 'import type { C } from "../credentials/resolve.ts";\n',
    "src/credentials/resolve.ts": 'export { s } from "../config/store.ts";\n',
    "src/net/fetch.ts": 'import "../config/store.ts";\n',
  });
  try {
    const edges = await readImportEdges(root);
    const graph = folderGraph(edges);
    assert.deepEqual(upwardImports(edges), []);
    assert.deepEqual(mutualPairs(graph), []);
    assert.deepEqual(folderCycles(graph), [["config", "credentials", "keystore"]]);
    assert.equal(countElementaryCycles(graph), 1);
    assert.deepEqual(
      tangleImports(edges, ["config", "credentials", "keystore"]).map((edge) => edge.from).sort(),
      ["src/config/store.ts", "src/credentials/resolve.ts", "src/keystore/keyring.ts"],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a folder no layer names is reported, and imports into it count as upward", async () => {
  const root = await project({
    "src/misc/thing.ts": "export const thing = 1;\n",
    "src/core/errors.ts": 'import { thing } from "../misc/thing.ts";\n',
  });
  try {
    assert.deepEqual(await unlayeredFolders(root), ["misc"]);
    assert.equal(upwardImports(await readImportEdges(root)).length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { mergeHotChunks } from "../../scripts/merge_hot_chunks.ts";

/**
 * A bundle as esbuild splits it: `main.js` loads the entry `cli-E.js`
 * dynamically; both use `chunk-S1.js` (which uses `chunk-S2.js`); the cli
 * alone uses `chunk-C1.js` and `chunk-C2.js`; `cold-K.js`, loaded by no hot
 * run, uses `chunk-C1.js`. Each module logs when it runs, to show the order.
 */
const BUNDLE: Record<string, string> = {
  "main.js": [
    'import { shared } from "./chunk-S1.js";',
    "",
    "// main.ts",
    'globalThis.log.push("main");',
    'const { cli } = await import("./cli-E.js");',
    'const { cold } = await import("./cold-K.js");',
    'console.log([...globalThis.log, shared(), cli(), cold()].join(" "));',
    "",
  ].join("\n"),
  "chunk-S2.js": [
    "// src/log.ts",
    "globalThis.log = [];",
    'var FILE_MODE = "s2";',
    "export {",
    "  FILE_MODE",
    "};",
    "",
  ].join("\n"),
  "chunk-S1.js": [
    'import {\n  FILE_MODE\n} from "./chunk-S2.js";',
    "",
    "// src/shared.ts",
    'globalThis.log.push("s1");',
    'var FILE_MODE2 = "s1";',
    "function shared() { return FILE_MODE + FILE_MODE2; }",
    "export {",
    "  shared",
    "};",
    "",
  ].join("\n"),
  "chunk-C1.js": [
    'import "./chunk-S1.js";',
    "",
    "// src/c1.ts",
    'globalThis.log.push("c1");',
    'var FILE_MODE = "c1";',
    "export {",
    "  FILE_MODE as mode",
    "};",
    "",
  ].join("\n"),
  "chunk-C2.js": [
    "// src/c2.ts",
    'globalThis.log.push("c2");',
    'var FILE_MODE = "c2";',
    "export {",
    "  FILE_MODE",
    "};",
    "",
  ].join("\n"),
  "cli-E.js": [
    'import { mode } from "./chunk-C1.js";',
    'import { FILE_MODE as other } from "./chunk-C2.js";',
    "",
    "// src/cli.ts",
    'globalThis.log.push("cli");',
    "function cli() { return mode + other; }",
    "export {",
    "  cli",
    "};",
    "",
  ].join("\n"),
  "cold-K.js": [
    'import { mode } from "./chunk-C1.js";',
    "",
    "// src/cold.ts",
    "function cold() { return `cold:${mode}`; }",
    "export {",
    "  cold",
    "};",
    "",
  ].join("\n"),
};

async function writeBundle(): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const [file, text] of Object.entries(BUNDLE)) {
    await Deno.writeTextFile(join(dir, file), text);
  }
  return dir;
}

async function run(dir: string): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "--no-config", `--allow-read=${dir}`, join(dir, "main.js")],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim();
}

Deno.test("the hot runs' chunks are merged into the entry chunk of their runs, or a file of their own, and the program runs as before", async () => {
  const dir = await writeBundle();
  try {
    const before = await run(dir);
    assert.equal(before, "s1 main c1 c2 cli s2s1 c1c2 cold:c1");
    await mergeHotChunks(dir, [["main.ts"], ["main.ts", "src/cli.ts"]]);
    // C1 and C2 (the cli's run) go into cli-E.js, and cold-K.js takes C1 from there; S1 and S2
    // (both runs) into a file of their own, never into the program. No chunk, no work left.
    const files = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
    assert.equal(files.length, 4, files.join(" "));
    assert.deepEqual(files.filter((file) => !file.startsWith("hot-")), [
      "cli-E.js",
      "cold-K.js",
      "main.js",
    ]);
    const text = (file: string) => Deno.readTextFileSync(join(dir, file));
    assert.match(text("cold-K.js"), /^import \{ c0\$mode as mode \} from "\.\/cli-E\.js";/);
    // Each merged file names the modules it holds, as esbuild does.
    const shared = files.find((file) => file.startsWith("hot-"))!;
    assert.ok(text(shared).includes("\n// src/log.ts\n// src/shared.ts\n"));
    assert.ok(text("cli-E.js").includes("\n// src/c1.ts\n// src/c2.ts\n// src/cli.ts\n"));
    assert.equal(await run(dir), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("chunks no entry chunk of the same runs imports go into a file of their own", async () => {
  const dir = await writeBundle();
  try {
    const before = await run(dir);
    // As three runs: main's, the cli's, and main's with the cli's: S1 and S2 load in all three,
    // which no entry chunk alone does.
    await mergeHotChunks(dir, [["main.ts"], ["src/cli.ts"], ["main.ts", "src/cli.ts"]]);
    const files = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
    const merged = files.filter((file) => /^hot-[0-9A-F]{8}\.js$/.test(file));
    assert.equal(merged.length, 1, files.join(" "));
    assert.deepEqual(files.filter((file) => !merged.includes(file)), [
      "cli-E.js",
      "cold-K.js",
      "main.js",
    ]);
    assert.ok(
      Deno.readTextFileSync(join(dir, merged[0])).includes("\n// src/log.ts\n// src/shared.ts\n"),
    );
    assert.equal(await run(dir), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildFingerprint,
  buildIsCurrent,
  FINGERPRINT_FILE,
} from "../../scripts/build_fingerprint.ts";
import { ensureBuild } from "../../scripts/ensure_build.ts";
import { HOT_RUNS } from "../../scripts/merge_hot_chunks.ts";
import { childEnv } from "../e2e/_child_env.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A project with the bundle's inputs (tiny), and a bundler that counts its runs. */
async function tinyProject() {
  const root = await Deno.makeTempDir({ prefix: "omn-build-" });
  await Deno.mkdir(join(root, "src"));
  await Deno.mkdir(join(root, "scripts"));
  for (const file of ["main.ts", "src/a.ts", "deno.json", "deno.lock"]) {
    await Deno.writeTextFile(join(root, file), `// ${file}\n`);
  }
  let runs = 0;
  const bundle = async (_root: string, outdir: string) => {
    runs++;
    await Deno.mkdir(outdir);
    // Yield to the other builders several times while "bundling".
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    await Deno.writeTextFile(join(outdir, "main.js"), `run ${runs}`);
  };
  return {
    root,
    bundle,
    runs: () => runs,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

const leftovers = async (root: string) =>
  (await Array.fromAsync(Deno.readDir(root))).map((entry) => entry.name)
    .filter((name) => name.startsWith("build.staging-") || name.startsWith("build.old-"));

Deno.test("ensureBuild bundles when there is no bundle, then only when an input changed", async () => {
  await using project = await tinyProject();
  assert.equal(await ensureBuild(project.root, project.bundle), "built");
  assert.equal(await ensureBuild(project.root, project.bundle), "current");
  assert.equal(project.runs(), 1);
  assert.ok(buildIsCurrent(project.root));
  // A changed size, a new file, and a removed file each count as a change.
  for (
    const change of [
      () => Deno.writeTextFile(join(project.root, "src/a.ts"), "// changed, longer\n"),
      () => Deno.writeTextFile(join(project.root, "src/b.ts"), "// new\n"),
      () => Deno.remove(join(project.root, "src/b.ts")),
      () => Deno.utime(join(project.root, "deno.lock"), new Date(), new Date(2001, 1, 1)),
    ]
  ) {
    await change();
    assert.ok(!buildIsCurrent(project.root));
    assert.equal(await ensureBuild(project.root, project.bundle), "built");
  }
  assert.equal(project.runs(), 5);
  // A file outside the inputs changes nothing.
  await Deno.writeTextFile(join(project.root, "README.md"), "docs");
  assert.equal(await ensureBuild(project.root, project.bundle), "current");
  assert.deepEqual(await leftovers(project.root), []);
});

Deno.test("ensureBuild: eight builds at once bundle once, and all find the new bundle", async () => {
  await using project = await tinyProject();
  await ensureBuild(project.root, project.bundle);
  await Deno.writeTextFile(join(project.root, "src/a.ts"), "// touched source\n");
  const outcomes = await Promise.all(
    Array.from({ length: 8 }, () => ensureBuild(project.root, project.bundle)),
  );
  assert.deepEqual(outcomes.filter((outcome) => outcome === "built").length, 1);
  assert.equal(project.runs(), 2);
  assert.equal(await Deno.readTextFile(join(project.root, "build/main.js")), "run 2");
  assert.deepEqual(await leftovers(project.root), []);
});

Deno.test("ensureBuild: a failed bundle leaves build/ as it was and no staging directory", async () => {
  await using project = await tinyProject();
  await ensureBuild(project.root, project.bundle);
  await Deno.writeTextFile(join(project.root, "main.ts"), "// broken\n");
  await assert.rejects(
    ensureBuild(project.root, async (_root, outdir) => {
      await Deno.mkdir(outdir);
      throw new Error("syntax error");
    }),
    /syntax error/,
  );
  assert.equal(await Deno.readTextFile(join(project.root, "build/main.js")), "run 1");
  assert.deepEqual(await leftovers(project.root), []);
  assert.ok(!buildIsCurrent(project.root), "the next run tries again");
});

/**
 * A copy of the project (its scripts, `deno.json`, `deno.lock` and `src/`)
 * whose program is a stand-in, so that the copy bundles in a fraction of the
 * time omn does (omn itself is bundled by `deno task build` before every test
 * run, and the end-to-end tests run that bundle): `main.ts` prints the
 * version, imports commander (an npm package, rewritten by the bundler), and
 * loads each module `HOT_RUNS` names, here a stub that loads the next module
 * of its run, as the hot-chunk merge expects to find them all. Its `build/`
 * holds a bundle recorded as current that prints something else.
 */
async function standInCopy(): Promise<string> {
  const copy = await Deno.makeTempDir({ prefix: "omn-build-copy-" });
  for (const name of ["src", "deno.json", "deno.lock", "scripts"]) {
    cpSync(join(ROOT, name), join(copy, name), { recursive: true });
  }
  const loads = new Map<string, Set<string>>();
  for (const run of HOT_RUNS) {
    for (const [index, module] of run.entries()) {
      const next = run[index + 1];
      if (!loads.has(module)) loads.set(module, new Set());
      if (next !== undefined) loads.get(module)!.add(next);
    }
  }
  const importsOf = (module: string) =>
    [...loads.get(module)!].map((next) => {
      const specifier = relative(dirname(join(copy, module)), join(copy, next));
      return `  await import(${
        JSON.stringify(specifier.startsWith(".") ? specifier : `./${specifier}`)
      });\n`;
    }).join("");
  for (const module of loads.keys()) {
    if (module === "main.ts") continue;
    await Deno.writeTextFile(
      join(copy, module),
      `export async function load(): Promise<string> {\n${importsOf(module)}  return ${
        JSON.stringify(module)
      };\n}\n`,
    );
  }
  await Deno.writeTextFile(
    join(copy, "main.ts"),
    `import { Command } from "commander";\nimport { versionText } from "./src/version.ts";\n` +
      `if (Deno.args[0] === "--version") console.log(versionText());\n` +
      `else {\n  new Command("omn");\n${importsOf("main.ts")}}\n`,
  );
  await Deno.mkdir(join(copy, "build"));
  await Deno.writeTextFile(join(copy, "build/main.js"), `console.log("the bundle before");\n`);
  await Deno.writeTextFile(join(copy, "build", FINGERPRINT_FILE), buildFingerprint(copy));
  return copy;
}

Deno.test("deno task build and omn, four at once in a copy of the project (its program a stand-in) after a source change: one bundles, without network, all run the new bundle", async () => {
  const copy = await standInCopy();
  try {
    assert.ok(buildIsCurrent(copy), "the recorded bundle is current");
    const touched = join(copy, "src/version.ts");
    await Deno.writeTextFile(touched, `${await Deno.readTextFile(touched)}\n`);
    assert.ok(!buildIsCurrent(copy));
    const env = childEnv({
      OMN_BUILD_VERBOSE: "1",
      NO_COLOR: "1",
      OMNIMANCER_HOME: join(copy, "home"),
      // A proxy that refuses every connection: the build must need no network.
      HTTP_PROXY: "http://127.0.0.1:9",
      HTTPS_PROXY: "http://127.0.0.1:9",
    });
    const flags = ["run", "-q", "--allow-read", "--allow-write", "--allow-env", "--allow-run"];
    const commands = [
      [...flags, "scripts/build.ts"],
      [...flags, "scripts/omn.ts", "--version"],
      [...flags, "scripts/build.ts"],
      [...flags, "scripts/omn.ts", "--version"],
    ];
    const outputs = await Promise.all(commands.map((args) =>
      new Deno.Command(Deno.execPath(), {
        args,
        cwd: copy,
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output()
    ));
    const decoder = new TextDecoder();
    const stderrs = outputs.map((output) => decoder.decode(output.stderr));
    for (const [index, output] of outputs.entries()) {
      assert.equal(output.code, 0, stderrs[index]);
    }
    assert.equal(stderrs.filter((text) => text.includes("build: built")).length, 1, stderrs.join());
    assert.equal(stderrs.filter((text) => text.includes("build: current")).length, 3);
    for (const index of [1, 3]) assert.match(decoder.decode(outputs[index].stdout), /^omn \d/);
    assert.ok(buildIsCurrent(copy));
    assert.equal(buildFingerprint(copy), await Deno.readTextFile(join(copy, "build/.fingerprint")));
    assert.deepEqual(await leftovers(copy), []);
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});

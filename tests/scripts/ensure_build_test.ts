import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFingerprint, buildIsCurrent } from "../../scripts/build_fingerprint.ts";
import { ensureBuild } from "../../scripts/ensure_build.ts";
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

Deno.test("deno task build and omn, four at once in a copy of the project after a source change: one bundles, without network, all succeed", async () => {
  const copy = await Deno.makeTempDir({ prefix: "omn-build-copy-" });
  try {
    for (const name of ["main.ts", "src", "deno.json", "deno.lock", "scripts", "build"]) {
      cpSync(join(ROOT, name), join(copy, name), { recursive: true, preserveTimestamps: true });
    }
    assert.ok(buildIsCurrent(copy), "the copied bundle is current (timestamps kept)");
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

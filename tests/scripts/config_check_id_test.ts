import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CONFIG_CHECK_ID_PLACEHOLDER,
  configCheckId,
  schemaModules,
  writeConfigCheckId,
} from "../../scripts/config_check_id.ts";
import { BUILD_DIR } from "../../scripts/launch_flags.ts";
import { bundlePaths } from "../e2e/_partial_bundle.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("the check's modules are parse_config.ts (validateConfigJson), schema.ts and everything they import", async () => {
  const modules = await schemaModules(ROOT);
  for (
    const module of [
      "src/config/parse_config.ts",
      "src/config/schema.ts",
      "src/config/template_schema.ts",
      "src/config/budget_schema.ts",
      "src/core/duration.ts",
    ]
  ) {
    assert.ok(modules.includes(module), module);
  }
  assert.ok(!modules.includes("src/ask/execute_ask.ts"));
  assert.deepEqual(modules, [...modules].sort());
});

Deno.test("the check's modules are Deno's own module graph of parse_config.ts, and zod its only package", async () => {
  // schemaModules reads imports with patterns (scripts/import_graph.ts), which miss some forms
  // (an apostrophe in a comment inside the braces, an import after a ";" on its line): a module
  // reached that way would change what the check does without changing the identity.
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "src/config/parse_config.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    modules: { specifier: string }[];
  };
  const root = new URL("../../", import.meta.url).href;
  const local = info.modules.map((module) => module.specifier)
    .filter((specifier) => specifier.startsWith(root))
    .map((specifier) => specifier.slice(root.length)).sort();
  const others = info.modules.map((module) => module.specifier)
    .filter((specifier) => !specifier.startsWith(root));
  assert.deepEqual(await schemaModules(ROOT), local);
  const denoJson = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.deepEqual(others, [denoJson.imports.zod.replace(/^npm:/, "npm:/")]);
});

Deno.test("the source holds the placeholder once, where CONFIG_CHECK_ID is set", async () => {
  const source = await Deno.readTextFile(join(ROOT, "src/config/config_check_id.ts"));
  assert.equal(source.split(CONFIG_CHECK_ID_PLACEHOLDER).length - 1, 1);
  assert.match(source, new RegExp(`CONFIG_CHECK_ID: string = ${CONFIG_CHECK_ID_PLACEHOLDER};`));
});

Deno.test("the bundle holds the schema's identity in place of the placeholder, once", async () => {
  const id = await configCheckId(ROOT);
  assert.match(id, /^[0-9a-f]{64}$/);
  let found = 0;
  for (const path of await bundlePaths(BUILD_DIR)) {
    if (!path.endsWith(".js")) continue;
    const chunk = await Deno.readTextFile(path);
    assert.ok(!chunk.includes(CONFIG_CHECK_ID_PLACEHOLDER), path);
    found += chunk.split(`"${id}"`).length - 1;
  }
  assert.equal(found, 1);
});

Deno.test("the identity changes with the check's module, any module of the schema and with zod's version", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-check-id-" });
  try {
    const modules = new Set([...await schemaModules(ROOT), "src/config/parse_config.ts"]);
    for (const module of modules) {
      await Deno.mkdir(join(root, module, ".."), { recursive: true });
      await Deno.copyFile(join(ROOT, module), join(root, module));
    }
    await Deno.copyFile(join(ROOT, "deno.json"), join(root, "deno.json"));
    const id = await configCheckId(root);
    assert.equal(id, await configCheckId(ROOT), "the same sources, the same identity");
    // The check itself (validateConfigJson: what a stamp lets a run skip), not only the schema.
    const check = join(root, "src/config/parse_config.ts");
    const checkText = await Deno.readTextFile(check);
    await Deno.writeTextFile(check, `${checkText}\n// changed\n`);
    assert.notEqual(await configCheckId(root), id, "parse_config.ts is part of the identity");
    await Deno.writeTextFile(check, checkText);
    assert.equal(await configCheckId(root), id);
    const leaf = join(root, "src/core/duration.ts");
    await Deno.writeTextFile(leaf, `${await Deno.readTextFile(leaf)}\n// changed\n`);
    const changed = await configCheckId(root);
    assert.notEqual(changed, id);
    const denoJson = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
    denoJson.imports.zod = "npm:zod@4.0.0";
    await Deno.writeTextFile(join(root, "deno.json"), JSON.stringify(denoJson));
    assert.notEqual(await configCheckId(root), changed);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writeConfigCheckId writes the identity once, leaves a bundle without the placeholder, refuses two", async () => {
  const outdir = await Deno.makeTempDir({ prefix: "omn-check-id-out-" });
  try {
    await Deno.writeTextFile(join(outdir, "a.js"), "export const x = 1;\n");
    assert.equal(await writeConfigCheckId(outdir, "f".repeat(64)), false);
    assert.equal(await Deno.readTextFile(join(outdir, "a.js")), "export const x = 1;\n");
    const line = `var CONFIG_CHECK_ID = ${CONFIG_CHECK_ID_PLACEHOLDER};\n`;
    await Deno.writeTextFile(join(outdir, "b.js"), line);
    await Deno.writeTextFile(join(outdir, "c.js"), line);
    await assert.rejects(writeConfigCheckId(outdir, "f".repeat(64)), /2 times, not once/);
    assert.equal(await Deno.readTextFile(join(outdir, "b.js")), line, "nothing changed");
    await Deno.remove(join(outdir, "c.js"));
    assert.equal(await writeConfigCheckId(outdir, "f".repeat(64)), true);
    assert.equal(
      await Deno.readTextFile(join(outdir, "b.js")),
      `var CONFIG_CHECK_ID = "${"f".repeat(64)}";\n`,
    );
  } finally {
    await Deno.remove(outdir, { recursive: true });
  }
});

/**
 * `deno task build` when the bundle fails: one line per error deno bundle
 * (esbuild) reported, with its file, line and column, redacted, then what
 * became of build/, and exit 1; never deno bundle's bare "bundling failed".
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runBuild } from "../../scripts/build.ts";
import { BundleError, bundleErrors } from "../../scripts/bundle_errors.ts";
import { awsAccessKeyId, openaiProjectKey } from "../credentials/_canaries.ts";

/** What deno bundle 2.9 printed for two duplicate declarations in /p/main.ts. */
const TWO_ERRORS = [
  'error: The symbol "a" has already been declared',
  "    at file:///p/main.ts:2:6",
  '    note: The symbol "a" was originally declared here:',
  "        file:///p/main.ts:1:6",
  'error: No matching export in "src/core/node_path.ts" for import "zz"',
  "    at file:///p/src/cli/app.ts:3:9",
  "error: bundling failed",
  "",
  "Stack backtrace:",
  "   0: <unknown>",
].join("\n");

Deno.test("bundleErrors: one line per error with its place relative to the root; the closing line and backtrace dropped", () => {
  assert.deepEqual(bundleErrors(TWO_ERRORS, "/p"), [
    'main.ts:2:6: The symbol "a" has already been declared',
    'src/cli/app.ts:3:9: No matching export in "src/core/node_path.ts" for import "zz"',
  ]);
});

Deno.test("bundleErrors: a syntax error's code frame is skipped; output without error lines is kept, not hidden", () => {
  const syntax = "error: SyntaxError: Expression expected\n  |\n2 | const x = ;\n  |   ~\n" +
    "    at file:///p/main.ts:2:11\nerror: bundling failed\n";
  assert.deepEqual(bundleErrors(syntax, "/p"), ["main.ts:2:11: SyntaxError: Expression expected"]);
  assert.deepEqual(
    bundleErrors("thread panicked at somewhere\n\nStack backtrace:\n   0: <unknown>", "/p"),
    [
      "thread panicked at somewhere",
    ],
  );
  assert.deepEqual(bundleErrors("", "/p"), ["deno bundle failed and printed nothing"]);
});

/** An environment without credentials (the test process's own are not the test's business). */
const NO_ENV = () => undefined;

/** A project whose main.ts fails to bundle (the other two entry points are fine). */
async function brokenProject(main: string) {
  const root = await Deno.makeTempDir({ prefix: "omn-build-errors-" });
  await Deno.mkdir(join(root, "src", "cli"), { recursive: true });
  await Deno.mkdir(join(root, "src", "core"), { recursive: true });
  await Deno.writeTextFile(join(root, "main.ts"), main);
  await Deno.writeTextFile(join(root, "src", "cli", "commander_node.ts"), "export const b = 2;\n");
  await Deno.writeTextFile(join(root, "src", "core", "node_path.ts"), "export const a = 1;\n");
  return { root, [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }) };
}

Deno.test("runBuild: each esbuild error of the real bundler is one redacted line with file:line:column; exit 1; build/ untouched", async () => {
  const key = awsAccessKeyId("BUILD");
  await using project = await brokenProject(
    `const ${key} = 1;\nconst ${key} = 2;\nlet twice = 1;\nlet twice = 2;\nconsole.log(${key}, twice);\n`,
  );
  const lines: string[] = [];
  const code = await runBuild({
    root: project.root,
    writeError: (line) => lines.push(line),
    env: NO_ENV,
  });
  assert.equal(code, 1);
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.match(
    lines[0],
    /^Cannot bundle omn: main\.ts:2:\d+: The symbol "AKIA\*\*\*" has already been declared$/,
  );
  assert.match(
    lines[1],
    /^Cannot bundle omn: main\.ts:\d+:\d+: The symbol "twice" has already been declared$/,
  );
  assert.match(lines[2], /2 errors \(above\).*build\/ was left as it was$/);
  assert.ok(!lines.join("\n").includes(key), "the canary never shows");
  assert.ok(!lines.join("\n").includes("bundling failed"));
  const left = (await Array.fromAsync(Deno.readDir(project.root))).map((entry) => entry.name);
  assert.ok(!left.includes("build"), left.join(", "));
  assert.ok(!left.some((name) => name.startsWith("build.staging-")), left.join(", "));
});

Deno.test("runBuild: errors a bundler reports are redacted (a key in a path), and any other failure is one line too", async () => {
  const key = openaiProjectKey("BUILD");
  await using project = await brokenProject("console.log(1);\n");
  const lines: string[] = [];
  const code = await runBuild({
    root: project.root,
    writeError: (line) => lines.push(line),
    env: NO_ENV,
    bundle: () => Promise.reject(new BundleError([`main.ts:1:8: Module not found "./${key}.ts"`])),
  });
  assert.equal(code, 1);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^Cannot bundle omn: main\.ts:1:8: Module not found "\.\/sk-proj-\*\*\*/);
  assert.ok(!lines.join("\n").includes(key));

  const other: string[] = [];
  const failed = await runBuild({
    root: project.root,
    writeError: (line) => other.push(line),
    env: NO_ENV,
    bundle: () =>
      Promise.reject(new Error("Cannot find commander in the bundle\nto point it at its shim")),
  });
  assert.equal(failed, 1);
  assert.deepEqual(other.slice(0, 1), [
    "Cannot bundle omn: Cannot find commander in the bundle to point it at its shim",
  ]);
});

Deno.test("runBuild: a credential variable's value is masked in the errors even when it has no known format", async () => {
  const value = "plainvalue0CANARY0build0without0any0known0format";
  await using project = await brokenProject("console.log(1);\n");
  const lines: string[] = [];
  const code = await runBuild({
    root: project.root,
    writeError: (line) => lines.push(line),
    env: (name) => name === "OPENAI_API_KEY" ? value : undefined,
    bundle: () =>
      Promise.reject(new BundleError([`main.ts:3:1: No matching export for import "${value}"`])),
  });
  assert.equal(code, 1);
  assert.match(lines[0], /^Cannot bundle omn: main\.ts:3:1: No matching export for import "/);
  assert.ok(!lines.join("\n").includes(value), lines[0]);
});

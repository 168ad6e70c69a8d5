import assert from "node:assert/strict";
import { runCliPiped } from "./_run_cli_piped.ts";
import { jsonOutputMode } from "../../src/cli/json_output_mode.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

async function run(argv: string[], env: Record<string, string> = {}) {
  await using home = await tempHome();
  return await runCliPiped(argv, { env: { OMNIMANCER_HOME: home.path, ...env }, cwd: home.path });
}

async function tempHome() {
  const path = await Deno.makeTempDir({ prefix: "omn-json-result-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** The one result object on stdout (the last line in stream-json), checked for the shape every failure has. */
function failureOf(stdout: string, lines = 1) {
  const parsed = stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(parsed.length, lines, stdout);
  const result = parsed.at(-1);
  assert.equal(result.type, "result");
  assert.equal(result.subtype, "error");
  assert.equal(result.is_error, true);
  assert.equal(typeof result.error, "string");
  assert.equal(typeof result.error_type, "string");
  return result;
}

Deno.test("jsonOutputMode: reads -o, --output, --output-format in every spelling, for ask and -p only", () => {
  assert.equal(jsonOutputMode(["ask", "-o", "json", "hi"]), "json");
  assert.equal(jsonOutputMode(["ask", "-ojson", "hi"]), "json");
  assert.equal(jsonOutputMode(["ask", "--output=stream-json"]), "stream-json");
  assert.equal(jsonOutputMode(["-v", "-p", "--output-format", "json", "hi"]), "json");
  assert.equal(jsonOutputMode(["--log-level", "debug", "-p", "--output-format=json"]), "json");
  assert.equal(jsonOutputMode(["--profile", "x", "ask", "--bogus", "-o", "json"]), "json");
  assert.equal(jsonOutputMode(["ask", "-o", "json", "-o", "text"]), undefined);
  assert.equal(jsonOutputMode(["ask", "--", "-o", "json"]), undefined);
  assert.equal(jsonOutputMode(["ask", "hi"]), undefined);
  assert.equal(jsonOutputMode(["keys", "list", "-o", "json"]), undefined);
  assert.equal(jsonOutputMode(["--bogus", "ask", "-o", "json"]), "json");
  assert.equal(jsonOutputMode(["-x", "-p", "hi", "-o", "json"]), "json");
  assert.equal(jsonOutputMode(["--bogus", "keys", "-o", "json"]), undefined);
});

Deno.test("json mode: a usage error (unknown flag) exits 2 and still prints the result object", async () => {
  const result = await run(["ask", "--bogus", "-o", "json", "hi"]);
  assert.equal(result.code, 2);
  const object = failureOf(result.stdout);
  assert.equal(object.error_type, "usage");
  assert.match(object.error, /unknown option '--bogus'/);
  assert.match(result.stderr, /^error: unknown option '--bogus'/);

  // An unknown (or misspelt) global flag before the command is a usage error of the same run.
  for (
    const argv of [["--bogus", "ask", "-o", "json", "hi"], ["--quite", "-p", "hi", "-o", "json"]]
  ) {
    const global = await run(argv);
    assert.equal(global.code, 2, argv.join(" "));
    assert.match(failureOf(global.stdout).error, new RegExp(`unknown option '${argv[0]}'`));
  }

  const streamed = await run(["-p", "--output-format", "stream-json", "--temperature", "9", "hi"]);
  assert.equal(streamed.code, 2);
  assert.equal(failureOf(streamed.stdout).error_type, "usage");
});

Deno.test("json mode: no provider chosen exits 3 with the result object naming the fix", async () => {
  const result = await run(["ask", "-o", "json", "hi"]);
  assert.equal(result.code, 3);
  const object = failureOf(result.stdout);
  assert.equal(object.error_type, "refused");
  assert.match(object.error, /No provider chosen/);
});

Deno.test("stream-json: no key exits 3 with one result line", async () => {
  const result = await run(["ask", "--provider", "openai", "-o", "stream-json", "hi"]);
  assert.equal(result.code, 3, result.stderr);
  const object = failureOf(result.stdout);
  assert.equal(object.error_type, "refused");
  assert.match(object.error, /OPENAI_API_KEY/);
});

Deno.test("json mode: --on-secret block exits 3 with a result that holds no secret", async () => {
  const canary = anthropicKey("BLOCK");
  const other = openaiProjectKey("BLOCK");
  const result = await run([
    "ask",
    "--provider",
    "mock",
    "--on-secret",
    "block",
    "-o",
    "json",
    `my keys are ${canary} and ${other}`,
  ]);
  assert.equal(result.code, 3, result.stderr);
  const object = failureOf(result.stdout);
  assert.equal(object.error_type, "refused");
  for (const secret of [canary, other]) {
    assert.ok(!result.stdout.includes(secret.slice(0, 24)));
    assert.ok(!result.stderr.includes(secret.slice(0, 24)));
  }
});

Deno.test("json mode: a model failure prints exactly one result (its own, with the text so far)", async () => {
  const result = await run([
    "ask",
    "--provider",
    "mock",
    "--model",
    "mock-error",
    "-o",
    "json",
    "x",
  ]);
  assert.equal(result.code, 1);
  const object = failureOf(result.stdout);
  assert.equal(object.provider, "mock");
  assert.notEqual(object.result, "");
});

Deno.test("text mode: an early failure prints nothing on stdout", async () => {
  const result = await run(["ask", "hi"]);
  assert.equal(result.code, 3);
  assert.equal(result.stdout, "");
});

Deno.test("json modes: a reply that cannot be stored ends with an error result, never a success one", async () => {
  await using home = await tempHome();
  // The history cannot be written: a file holds the name of its directory.
  await Deno.writeTextFile(`${home.path}/conversations`, "x", { mode: 0o600 });
  for (const mode of ["json", "stream-json"]) {
    const result = await runCliPiped(["ask", "--provider", "mock", "-o", mode, "hello"], {
      env: { OMNIMANCER_HOME: home.path },
      cwd: home.path,
    });
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stdout.trim().split("\n");
    const object = failureOf(lines.at(-1)!);
    assert.equal(object.error_type, "refused", mode);
    assert.match(object.error, /conversations/, mode);
    assert.match(object.result, /^Hello from the mock provider\./, mode);
    assert.equal(lines.filter((line) => line.includes('"type":"result"')).length, 1, mode);
  }
});

import assert from "node:assert/strict";
import { rootFlagLength } from "../../src/cli/root_flags.ts";
import { buildApp } from "../../src/cli/app.ts";
import { rewriteHeadlessArgv } from "../../src/cli/headless_argv.ts";
import { jsonOutputMode } from "../../src/cli/json_output_mode.ts";
import { memoryContext } from "./_memory_io.ts";
import { runCliPiped } from "./_run_cli_piped.ts";

Deno.test("rootFlagLength reads every flag the root command declares, and nothing else", () => {
  const options = buildApp(memoryContext()).options.filter((option) => option.long !== "--version");
  assert.ok(options.length >= 7);
  for (const option of options) {
    const takesValue = option.required || option.optional;
    for (const flag of [option.long, option.short]) {
      if (flag === undefined) continue;
      assert.equal(rootFlagLength([flag, "x"], 0), takesValue ? 2 : 1, flag);
      if (takesValue && flag.startsWith("--")) {
        assert.equal(rootFlagLength([`${flag}=x`], 0), 1, flag);
      }
    }
  }
  for (
    const word of ["ask", "-p", "--print", "-V", "--version", "-h", "--help", "-x", "-qx", "--q"]
  ) {
    assert.equal(rootFlagLength([word], 0), 0, word);
  }
  assert.equal(rootFlagLength([], 0), 0);
  assert.equal(rootFlagLength(["--profile"], 0), 2, "a value flag at the end");
});

Deno.test("root switches combined in one word (-qv) count as one flag, as commander reads them", () => {
  for (const cluster of ["-qv", "-vq", "-qvq"]) assert.equal(rootFlagLength([cluster], 0), 1);
});

Deno.test("the -p shorthand and the JSON mode read past -qv and the --log-* flags", () => {
  assert.deepEqual(rewriteHeadlessArgv(["-qv", "-p", "hi"]), ["-qv", "ask", "hi"]);
  assert.deepEqual(
    rewriteHeadlessArgv(["--log-level", "debug", "--log-file=x.log", "-p", "hi"]),
    ["--log-level", "debug", "--log-file=x.log", "ask", "hi"],
  );
  assert.equal(jsonOutputMode(["-qv", "-p", "-o", "json", "hi"]), "json");
  assert.equal(jsonOutputMode(["-qp", "--bogus", "-o", "json", "hi"]), "json");
  assert.equal(
    jsonOutputMode(["--log-format", "json", "-p", "--output=stream-json"]),
    "stream-json",
  );
});

Deno.test("omn -qv -p PROMPT, omn -qp PROMPT and omn --log-level off -p PROMPT ask, as omn -q -v -p PROMPT does", async () => {
  const home = await Deno.makeTempDir({ prefix: "omn-root-flags-" });
  using _cleanup = { [Symbol.dispose]: () => Deno.removeSync(home, { recursive: true }) };
  for (
    const globals of [["-qv", "-p"], ["-q", "-v", "-p"], ["--log-level", "off", "-p"], ["-qp"]]
  ) {
    const result = await runCliPiped(
      [...globals, "hi", "--provider", "mock", "--no-history"],
      {
        env: { OMNIMANCER_HOME: `${home}/omn` },
        cwd: "/nonexistent",
      },
    );
    assert.equal(result.code, 0, `${globals.join(" ")}: ${result.stderr}`);
    assert.match(result.stdout, /^Hello from the mock provider/, globals.join(" "));
  }
});

import assert from "node:assert/strict";
import { runCliPiped } from "./_run_cli_piped.ts";
import { anthropicKey } from "../credentials/_canaries.ts";

function run(argv: string[], env: Record<string, string> = {}) {
  return runCliPiped(argv, { env, cwd: "/nonexistent" });
}

Deno.test("help and version exit 0 on stdout; unknown commands exit 2 on stderr", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: omn /);
  assert.match(help.stdout, /Exit codes:/);
  const version = await run(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^omn \d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+, [\w-]+\)\n$/);
  const unknown = await run(["frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout, "");
  assert.match(
    unknown.stderr,
    /^error: unknown command 'frobnicate' \(run with --help for usage\)\n$/,
  );
});

Deno.test("a word after -- named like an option is an unknown command, told without a garbled suggestion", async () => {
  // Commander suggested "--dels" and "--lp" (models and help, cut by two characters).
  for (
    const argv of [["--", "--help"], ["--", "--models"], ["keys", "--", "--list"], ["--", "-h"]]
  ) {
    const result = await run(argv);
    assert.equal(result.code, 2, argv.join(" "));
    assert.equal(result.stdout, "", argv.join(" "));
    const word = argv[argv.length - 1];
    assert.equal(
      result.stderr,
      `error: unknown command '${word}': after --, a word is never an option (run with --help for usage)\n`,
      argv.join(" "),
    );
  }
});

Deno.test("a missing command (omn, omn keys, omn config) is a usage error: help on stderr, exit 2", async () => {
  for (const argv of [[], ["keys"], ["config"], ["history"]]) {
    const result = await run(argv);
    assert.equal(result.code, 2, argv.join(" "));
    assert.equal(result.stdout, "", argv.join(" "));
    assert.match(result.stderr, /Usage: omn /, argv.join(" "));
  }
  for (const argv of [["help"], ["help", "keys"], ["keys", "--help"], ["keys", "help"]]) {
    const result = await run(argv);
    assert.equal(result.code, 0, argv.join(" "));
    assert.match(result.stdout, /^Usage: omn /, argv.join(" "));
  }
});

Deno.test("every message is redacted: a secret in an argument does not come back in the error", async () => {
  const canary = anthropicKey("MSG");
  const result = await run(["ask", "--provider", canary, "hi"], {
    OMNIMANCER_HOME: "/nonexistent/omn",
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown provider a name of \d+ characters/);
  assert.ok(!result.stderr.includes(canary.slice(0, 20)));
});

Deno.test("an environment secret is masked wherever it shows up in output", async () => {
  const canary = "plain-CANARY-value-without-a-known-shape";
  const result = await run(["ask", "--provider", canary, "hi"], {
    OPENAI_API_KEY: canary,
    OMNIMANCER_HOME: "/nonexistent/omn",
  });
  assert.ok(!result.stderr.toLowerCase().includes(canary.toLowerCase()), "not even lowercased");
  assert.match(result.stderr, /Unknown provider a name of 40 characters/);
});

Deno.test("--quiet silences information but not errors", async () => {
  const result = await run(["--quiet", "scan", "--help"]);
  assert.equal(result.code, 0);
  const failing = await run(["--quiet", "frobnicate"]);
  assert.match(failing.stderr, /^error: /);
});

import assert from "node:assert/strict";
import { rewriteHeadlessArgv } from "../../src/cli/headless_argv.ts";

Deno.test("-p and --print become ask, after global flags only", () => {
  assert.deepEqual(rewriteHeadlessArgv(["-p", "hi", "--output-format", "json"]), [
    "ask",
    "hi",
    "--output-format",
    "json",
  ]);
  assert.deepEqual(rewriteHeadlessArgv(["--quiet", "--print", "hi"]), ["--quiet", "ask", "hi"]);
  assert.deepEqual(rewriteHeadlessArgv(["-p"]), ["ask"]);
  assert.deepEqual(rewriteHeadlessArgv(["ask", "-p"]), ["ask", "-p"]);
  assert.deepEqual(rewriteHeadlessArgv(["scan", "-"]), ["scan", "-"]);
});

Deno.test("--profile NAME and --profile=NAME may come before -p", () => {
  assert.deepEqual(rewriteHeadlessArgv(["--profile", "prod", "-p", "hi"]), [
    "--profile",
    "prod",
    "ask",
    "hi",
  ]);
  assert.deepEqual(rewriteHeadlessArgv(["-q", "--profile=prod", "-p", "hi"]), [
    "-q",
    "--profile=prod",
    "ask",
    "hi",
  ]);
  assert.deepEqual(rewriteHeadlessArgv(["--profile", "-p"]), ["--profile", "-p"]);
});

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

Deno.test("-p may end a cluster of the root's switches (-qp, -vqp), as commander reads -q -p", () => {
  assert.deepEqual(rewriteHeadlessArgv(["-qp", "hi"]), ["-q", "ask", "hi"]);
  assert.deepEqual(rewriteHeadlessArgv(["--profile", "prod", "-vqp", "hi"]), [
    "--profile",
    "prod",
    "-vq",
    "ask",
    "hi",
  ]);
  for (
    const argv of [["-pq", "hi"], ["-xp", "hi"], ["-qxp", "hi"], ["ask", "-qp"], ["--", "-qp"]]
  ) {
    assert.deepEqual(rewriteHeadlessArgv(argv), argv, JSON.stringify(argv));
  }
  assert.deepEqual(rewriteHeadlessArgv(["-p", "-qp"]), ["ask", "-qp"], "the prompt's words stay");
});

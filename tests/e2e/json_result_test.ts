/**
 * The JSON result contract of the real program: with `--output json` or
 * `stream-json`, every exit other than 0 still ends stdout with a result
 * object, and the exit code follows the table.
 */
import assert from "node:assert/strict";
import { runOmn, tempWorkspace } from "./_omn.ts";

function lastResult(stdout: string) {
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(result.type, "result");
  assert.equal(result.is_error, true);
  assert.equal(result.subtype, "error");
  return result;
}

Deno.test("json result: an unknown flag exits 2 with a usage result; a permission refusal exits 3 with its own", async () => {
  await using workspace = await tempWorkspace();
  const usage = await runOmn(
    ["ask", "--provider", "mock", "--frobnicate", "-o", "json", "hi"],
    workspace,
  );
  assert.equal(usage.code, 2, usage.stderr);
  assert.equal(lastResult(usage.stdout).error_type, "usage");

  const refused = await runOmn(
    [
      "-p",
      "--provider",
      "mock",
      "--output-format",
      "stream-json",
      "--schema",
      "/etc/hostname",
      "hi",
    ],
    workspace,
  );
  assert.equal(refused.code, 3, refused.stderr);
  const object = lastResult(refused.stdout);
  assert.match(object.error, /\/etc\/hostname/);
  assert.ok(["permission_denied", "refused"].includes(object.error_type), object.error_type);
});

/**
 * The JSON result contract of the real program: with `--output json` or
 * `stream-json`, every exit other than 0 still ends stdout with a result
 * object, and the exit code follows the table. The command code runs in
 * process (`runInProcess`).
 */
import assert from "node:assert/strict";
import { runInProcess } from "./_in_process.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { tempWorkspace } from "./_workspace.ts";

function lastResult(stdout: string) {
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(result.type, "result");
  assert.equal(result.is_error, true);
  assert.equal(result.subtype, "error");
  return result;
}

Deno.test("json result: an unknown flag exits 2 with a usage result; a permission refusal exits 3 with its own", async () => {
  await using workspace = await tempWorkspace();
  const usage = await runInProcess(
    ["ask", "--provider", "mock", "--frobnicate", "-o", "json", "hi"],
    workspace,
  );
  assert.equal(usage.code, 2, usage.stderr);
  assert.equal(lastResult(usage.stdout).error_type, "usage");

  // The refusal Deno's permission set gives, here for a host (the in-process fetch refuses every
  // host but loopback the same way); tests/e2e/schema_test.ts has the bundle under the set refuse
  // a file.
  const refused = await runInProcess(
    [
      "-p",
      "--provider",
      "openai",
      "--base-url",
      "https://gateway.example/v1",
      "--output-format",
      "stream-json",
      "hi",
    ],
    { ...workspace, env: { OPENAI_API_KEY: openaiProjectKey("JSONRESULT") } },
  );
  assert.equal(refused.code, 3, refused.stderr);
  const object = lastResult(refused.stdout);
  assert.match(object.error, /gateway\.example/);
  assert.equal(object.error_type, "permission_denied");
});

Deno.test("an unreachable host (refused connection) is retried, then exits 5 naming the host and the cause", async () => {
  await using workspace = await tempWorkspace();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const result = await runInProcess(
    [
      "ask",
      "--provider",
      "ollama",
      "--base-url",
      `http://127.0.0.1:${port}/v1`,
      "--max-retries",
      "1",
      "--max-retry-wait",
      "0.1",
      "-o",
      "json",
      "hi",
    ],
    workspace,
  );
  assert.equal(result.code, 5, result.stderr);
  assert.match(result.stderr, /retrying in .* after a refused connection from ollama/);
  const object = lastResult(result.stdout);
  assert.equal(object.error_type, "unreachable");
  assert.equal(object.retries, 1);
  assert.ok(
    object.error.includes(`Cannot reach ollama at "http://127.0.0.1:${port}/`),
    object.error,
  );
  assert.match(object.error, /Connection refused.* after 1 retry$/);
});

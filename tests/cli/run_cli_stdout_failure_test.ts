/**
 * A stdout that fails (in non-blocking mode and full) ends the run in one
 * line with exit 1, in every output mode: the failure result that JSON
 * modes write cannot go out either and is not told twice, and nothing
 * escapes `runCli` (review: a stack trace after the line, or the line twice).
 */
import assert from "node:assert/strict";
import { runCliPiped } from "./_run_cli_piped.ts";
import { NON_BLOCKING_STDOUT, nonBlockingStdoutError } from "../../src/core/stdout_writable.ts";

async function runIntoFailingStdout(argv: string[], home: string) {
  let writes = 0;
  const { code, stderr } = await runCliPiped(argv, {
    stdout: new WritableStream({
      write() {
        writes++;
        throw nonBlockingStdoutError(
          new Deno.errors.WouldBlock("Resource temporarily unavailable"),
        );
      },
    }),
    env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
    cwd: home,
  });
  return { code, stderr, writes };
}

Deno.test("a failing stdout ends ask in one line with exit 1 in text, json and stream-json modes", async () => {
  const home = await Deno.makeTempDir();
  try {
    for (
      const mode of [[], ["--output", "json"], ["--output-format", "stream-json"]]
    ) {
      const result = await runIntoFailingStdout(
        ["ask", "--provider", "mock", "--no-history", ...mode, "hello"],
        home,
      );
      assert.equal(result.code, 1, `${mode.join(" ")}: ${result.stderr}`);
      assert.equal(result.stderr, `error: ${NON_BLOCKING_STDOUT}\n`, mode.join(" "));
      assert.ok(result.writes > 0, "stdout was tried");
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

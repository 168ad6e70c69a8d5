/**
 * A stdout that fails (in non-blocking mode and full) ends the run in one
 * line with exit 1, in every output mode: the failure result that JSON
 * modes write cannot go out either and is not told twice, and nothing
 * escapes `runCli` (review: a stack trace after the line, or the line twice).
 */
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import { NON_BLOCKING_STDOUT, nonBlockingStdoutError } from "../../src/core/stdout_writable.ts";

async function runIntoFailingStdout(argv: string[], home: string) {
  let stderr = "";
  const decoder = new TextDecoder();
  let writes = 0;
  const code = await runCli(argv, {
    streams: {
      stdin: new Blob([""]).stream(),
      stdout: new WritableStream({
        write() {
          writes++;
          throw nonBlockingStdoutError(
            new Deno.errors.WouldBlock("Resource temporarily unavailable"),
          );
        },
      }),
      writeStderr: (bytes) => void (stderr += decoder.decode(bytes, { stream: true })),
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    },
    env: (name) => ({ OMNIMANCER_HOME: home, NO_COLOR: "1" } as Record<string, string>)[name],
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

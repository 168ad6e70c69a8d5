/**
 * A stderr that cannot take messages (a full disk, `2>/dev/full`; a reader
 * that went away, a broken pipe) changes nothing but the messages: the run
 * does its work, stdout gets its data and the JSON result, and the exit code
 * is the one of the outcome (review: a warning on a broken stderr ended a
 * mock ask with exit 0 and no reply; a 401 ended with exit 1, its JSON result
 * saying `auth_rejected`).
 */
import assert from "node:assert/strict";
import { runCliPiped } from "./_run_cli_piped.ts";

async function runWithFailingStderr(argv: string[], home: string, error: () => Error) {
  let stderrWrites = 0;
  const { code, stdout } = await runCliPiped(argv, {
    writeStderr: () => {
      stderrWrites++;
      throw error();
    },
    env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
    cwd: home,
  });
  return { code, stdout, stderrWrites };
}

const FAILURES: [string, () => Error][] = [
  ["a broken pipe", () => new Deno.errors.BrokenPipe("Broken pipe (os error 32)")],
  ["a full disk", () => new Error("No space left on device (os error 28)")],
];

Deno.test("a failing stderr leaves a warned ask its reply and exit 0", async () => {
  const home = await Deno.makeTempDir();
  try {
    // A config directory open to others: every run warns about it on stderr.
    await Deno.chmod(home, 0o755);
    for (const [name, error] of FAILURES) {
      const run = await runWithFailingStderr(
        ["ask", "--provider", "mock", "--no-history", "hello"],
        home,
        error,
      );
      assert.ok(run.stderrWrites > 0, `${name}: the warning was tried`);
      assert.equal(run.code, 0, name);
      assert.match(run.stdout, /^Hello from the mock provider\..*\n$/, name);
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a failing stderr keeps a failure's exit code and JSON result", async () => {
  const home = await Deno.makeTempDir();
  try {
    for (const [name, error] of FAILURES) {
      const text = await runWithFailingStderr(
        ["ask", "--provider", "nosuch", "hello"],
        home,
        error,
      );
      assert.ok(text.stderrWrites > 0, `${name}: the error was tried`);
      assert.deepEqual([text.code, text.stdout], [2, ""], name);
      const json = await runWithFailingStderr(
        ["ask", "--provider", "nosuch", "-o", "json", "hello"],
        home,
        error,
      );
      assert.equal(json.code, 2, name);
      const result = JSON.parse(json.stdout);
      assert.deepEqual([result.is_error, result.error_type], [true, "usage"], name);
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

/**
 * Ctrl-C or SIGTERM at any moment of a run, not only while a reply streams:
 * here while `ask` waits for a stdin that does not end (a slow producer, a
 * cancelled CI job). The run ends with exit 130, one line on stderr and, in
 * the JSON modes, the result object (review: the process died of the signal,
 * exit 130 or 143 with nothing on stdout or stderr).
 */
import assert from "node:assert/strict";
import { createInterrupts } from "../../src/core/interrupts.ts";
import { runCliPiped } from "./_run_cli_piped.ts";

async function interruptedWhileReadingStdin(argv: string[], home: string, signal: string) {
  let handler: ((signal: string) => void) | undefined;
  const exits: number[] = [];
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: (code) => void exits.push(code),
  });
  let stdinPulled: () => void;
  const reading = new Promise<void>((resolve) => stdinPulled = resolve);
  const run = runCliPiped(argv, {
    // Never ends, as `slow-producer | omn ask …`.
    stdin: new ReadableStream({ pull: () => stdinPulled() }),
    env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
    cwd: home,
    interrupts,
  });
  await reading;
  assert.ok(handler, "omn watches for interruptions from the start of the run");
  handler(signal);
  return { ...await run, exits };
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  Deno.test(`${signal} while ask reads stdin: exit 130 and a result object in each mode`, async () => {
    const home = await Deno.makeTempDir();
    try {
      const text = await interruptedWhileReadingStdin(
        ["ask", "--provider", "mock", "--no-history", "hello"],
        home,
        signal,
      );
      assert.deepEqual(
        [text.code, text.stdout, text.stderr, text.exits],
        [130, "", "error: interrupted\n", []],
      );
      for (const mode of ["json", "stream-json"]) {
        const run = await interruptedWhileReadingStdin(
          ["ask", "--provider", "mock", "--no-history", "-o", mode, "hello"],
          home,
          signal,
        );
        assert.equal(run.code, 130, `${mode}: ${run.stderr}`);
        const lines = run.stdout.trimEnd().split("\n");
        assert.equal(lines.length, 1, mode);
        const result = JSON.parse(lines[0]);
        assert.deepEqual(
          [result.type, result.is_error, result.error, result.error_type],
          ["result", true, "interrupted", "interrupted"],
          mode,
        );
      }
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  });
}

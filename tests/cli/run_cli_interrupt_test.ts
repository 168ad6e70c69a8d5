/**
 * Ctrl-C or SIGTERM at any moment of a run, not only while a reply streams:
 * here while `ask` waits for a stdin that does not end (a slow producer, a
 * cancelled CI job). The run ends with exit 130, one line on stderr and, in
 * the JSON modes, the result object (review: the process died of the signal,
 * exit 130 or 143 with nothing on stdout or stderr).
 */
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import { createInterrupts } from "../../src/core/interrupts.ts";

async function interruptedWhileReadingStdin(argv: string[], home: string, signal: string) {
  let handler: ((signal: string) => void) | undefined;
  const exits: number[] = [];
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: (code) => void exits.push(code),
  });
  let stdinPulled: () => void;
  const reading = new Promise<void>((resolve) => stdinPulled = resolve);
  const chunks: Uint8Array[] = [];
  let stderr = "";
  const decoder = new TextDecoder();
  const run = runCli(argv, {
    streams: {
      // Never ends, as `slow-producer | omn ask …`.
      stdin: new ReadableStream({ pull: () => stdinPulled() }),
      stdout: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
      writeStderr: (bytes) => void (stderr += decoder.decode(bytes, { stream: true })),
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    },
    env: (name) => ({ OMNIMANCER_HOME: home, NO_COLOR: "1" } as Record<string, string>)[name],
    cwd: home,
    interrupts,
  });
  await reading;
  assert.ok(handler, "omn watches for interruptions from the start of the run");
  handler(signal);
  const code = await run;
  const stdout = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).bytes());
  return { code, stdout, stderr, exits };
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

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

// Review of ca196e6: with the syncs of writeFileAtomic in Deno's pool, a Ctrl-C while an ask's
// history was written ended the run (and omn called Deno.exit) with the conversation's temporary
// file left in `conversations/` and the conversation not saved. Here the Ctrl-C comes as the
// temporary file is written (the history is not flushed to disk: durable: false); were a sync
// handed to the pool, the disk would be slow: it takes 50 ms.
Deno.test("SIGINT while ask writes its history: when the run ends, no temporary file is left", async () => {
  const home = await Deno.makeTempDir();
  let handler: ((signal: string) => void) | undefined;
  const exits: number[] = [];
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: (code) => void exits.push(code),
  });
  const { sync, writeSync } = Deno.FsFile.prototype;
  let signalled = false;
  const signal = () => {
    if (signalled) return;
    signalled = true;
    handler?.("SIGINT");
  };
  const pending: Promise<void>[] = [];
  Deno.FsFile.prototype.sync = function (this: Deno.FsFile) {
    signal();
    const synced = new Promise((resolve) => setTimeout(resolve, 50)).then(() => sync.call(this));
    pending.push(synced.catch(() => {}));
    return synced;
  };
  // The first file omn writes in this run is the conversation's temporary file (stdout and
  // stderr are the test's streams, and nothing else is written before the history).
  Deno.FsFile.prototype.writeSync = function (this: Deno.FsFile, bytes: Uint8Array) {
    signal();
    return writeSync.call(this, bytes);
  };
  try {
    const run = await runCliPiped(["ask", "--provider", "mock", "hello"], {
      env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
      cwd: home,
      interrupts,
    });
    // What is on disk as omn exits, right after the run.
    const names = [...Deno.readDirSync(`${home}/conversations`)].map(({ name }) => name);
    assert.ok(signalled, "the history's temporary file was written");
    assert.deepEqual([run.code, exits], [130, []], run.stderr);
    assert.deepEqual(names.filter((name) => name.endsWith(".tmp")), [], names.join(" "));
  } finally {
    Deno.FsFile.prototype.sync = sync;
    Deno.FsFile.prototype.writeSync = writeSync;
    await Promise.all(pending);
    await Deno.remove(home, { recursive: true });
  }
});

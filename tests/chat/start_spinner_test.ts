import assert from "node:assert/strict";
import { startSpinner } from "../../src/chat/start_spinner.ts";
import { createIo } from "../../src/core/io.ts";

function io(stderrIsTerminal: boolean, quiet = false) {
  let errors = "";
  const decoder = new TextDecoder();
  const value = createIo({
    stdin: new Blob([]).stream(),
    stdout: new WritableStream(),
    writeStderr: (bytes) => void (errors += decoder.decode(bytes)),
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    stderrIsTerminal,
  }, { quiet, verbose: false, color: false });
  return { io: value, stderr: () => errors };
}

Deno.test("the spinner draws on a terminal and clears itself", () => {
  const terminal = io(true);
  const stop = startSpinner(terminal.io, "mock-1");
  assert.match(terminal.stderr(), /⠋ mock-1/);
  stop();
  stop();
  assert.ok(terminal.stderr().endsWith("\r\x1b[2K"));
});

Deno.test("no spinner when stderr is not a terminal, or with --quiet", () => {
  for (const test of [io(false), io(true, true)]) {
    const stop = startSpinner(test.io, "mock-1");
    stop();
    assert.equal(test.stderr(), "");
  }
});

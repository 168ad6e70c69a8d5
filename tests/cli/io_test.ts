import assert from "node:assert/strict";
import { createIo, type IoSettings } from "../../src/cli/io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

function io(stderrIsTerminal: boolean, settings: Partial<IoSettings> = {}) {
  let stderr = "";
  const created = createIo({
    stdin: new Blob([]).stream(),
    stdout: new WritableStream(),
    writeStderr: (bytes) => void (stderr += new TextDecoder().decode(bytes)),
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    stderrIsTerminal,
  }, { quiet: false, verbose: false, color: false, ...settings });
  return { io: created, stderr: () => stderr };
}

Deno.test("status: redrawn in place on a terminal, cleared by a message, redacted", () => {
  const { io: terminal, stderr } = io(true);
  const key = openaiProjectKey("STATUS");
  terminal.status("1/2");
  terminal.status(`2/2 ${key}`);
  terminal.message("info", "done");
  terminal.status(undefined);
  assert.equal(stderr(), "\r\x1b[2K1/2\r\x1b[2K2/2 sk-proj-***\r\x1b[2Kdone\n");
});

Deno.test("status: nothing when stderr is not a terminal, or with --quiet", () => {
  const { io: piped, stderr } = io(false);
  piped.status("1/2");
  piped.status(undefined);
  piped.message("info", "done");
  assert.equal(stderr(), "done\n");
  const { io: quiet, stderr: quietStderr } = io(true, { quiet: true });
  quiet.status("1/2");
  assert.equal(quietStderr(), "");
});

import assert from "node:assert/strict";
import { createIo, type IoSettings } from "../../src/core/io.ts";
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

function terminalIo(stdoutIsTerminal: boolean, stderrIsTerminal: boolean) {
  let stdout = "";
  let stderr = "";
  const decoder = new TextDecoder();
  const created = createIo({
    stdin: new Blob([]).stream(),
    stdout: new WritableStream({
      write: (chunk) => void (stdout += decoder.decode(chunk, { stream: true })),
    }),
    writeStderr: (bytes) => void (stderr += decoder.decode(bytes)),
    stdinIsTerminal: false,
    stdoutIsTerminal,
    stderrIsTerminal,
  }, { quiet: false, verbose: false, color: true });
  return { io: created, stdout: () => stdout, stderr: () => stderr };
}

const HOSTILE = "hi \x1b]52;c;cHduZWQ=\x07 \x1b]0;owned\x07\x1b[2J \x9b31m\rend\n";

Deno.test("write: on a terminal, escape sequences (split across writes) are shown, not obeyed", async () => {
  const { io: terminal, stdout } = terminalIo(true, true);
  for (const character of HOSTILE) await terminal.write(character);
  await terminal.close();
  assert.equal(stdout(), "hi ^[]52;c;cHduZWQ=^G ^[]0;owned^G^[[2J M-^[31m^Mend\n");
});

Deno.test("write: piped, stdout is byte-exact", async () => {
  const { io: piped, stdout } = terminalIo(false, false);
  for (const character of HOSTILE) await piped.write(character);
  await piped.close();
  assert.equal(stdout(), HOSTILE);
});

Deno.test("message: on a terminal the text is neutralised and omn's own colour stays", () => {
  const { io: terminal, stderr } = terminalIo(false, true);
  terminal.message("error", "openai returned 400: \x1b]0;owned\x07bad");
  assert.equal(stderr(), "\x1b[31merror\x1b[0m: openai returned 400: ^[]0;owned^Gbad\n");
  const { io: piped, stderr: pipedStderr } = terminalIo(false, false);
  piped.message("error", "openai returned 400: \x1b]0;owned\x07bad");
  assert.equal(pipedStderr(), "\x1b[31merror\x1b[0m: openai returned 400: \x1b]0;owned\x07bad\n");
});

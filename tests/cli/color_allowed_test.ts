import assert from "node:assert/strict";
import { colorAllowed } from "../../src/cli/color_allowed.ts";
import { runCli } from "../../src/cli/run_cli.ts";

Deno.test("colour only on a terminal, and never with NO_COLOR or TERM=dumb", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(colorAllowed(env({ TERM: "xterm-256color" }), true), true);
  assert.equal(colorAllowed(env({ TERM: "xterm-256color" }), false), false);
  assert.equal(colorAllowed(env({ TERM: "dumb" }), true), false);
  assert.equal(colorAllowed(env({ NO_COLOR: "1" }), true), false);
  assert.equal(colorAllowed(env({ NO_COLOR: "" }), true), true);
});

Deno.test("an error on a TERM=dumb terminal has no escape sequence, as with NO_COLOR", async () => {
  const stderrOf = async (env: Record<string, string>) => {
    let stderr = "";
    await runCli(["frobnicate"], {
      streams: {
        stdin: new Blob([""]).stream(),
        stdout: new WritableStream(),
        writeStderr: (bytes) => void (stderr += new TextDecoder().decode(bytes)),
        stdinIsTerminal: true,
        stdoutIsTerminal: true,
        stderrIsTerminal: true,
      },
      env: (name) => env[name],
      cwd: "/nonexistent",
    });
    return stderr;
  };
  assert.ok((await stderrOf({ TERM: "xterm" })).includes("\u001b["), "colour on a terminal");
  assert.ok(!(await stderrOf({ TERM: "dumb" })).includes("\u001b["));
  assert.ok(!(await stderrOf({ TERM: "xterm", NO_COLOR: "1" })).includes("\u001b["));
});

/**
 * A standard output in non-blocking mode (a program sharing the pipe set
 * `O_NONBLOCK`; here perl, before it becomes omn): once the pipe is full,
 * omn stops with one line and exit 1, and what it wrote before is exact (no
 * byte repeated, no secret). Deno 2.9 does not say how much of a write that
 * would block went through, so trying again (as omn did) repeated bytes:
 * 7 MB out for 4 MB in, exit 0.
 */
import assert from "node:assert/strict";
import { needsTool } from "../_support/tool_available.ts";
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { omnRunArgs } from "./_program.ts";
import { tempWorkspace } from "./_workspace.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { NON_BLOCKING_STDOUT } from "../../src/core/stdout_writable.ts";

const perl = await needsTool("perl", ["-e", "exit 0"]);

/** Sets standard output (a pipe to this test) to non-blocking mode, then becomes the command. */
const NON_BLOCKING_EXEC = "use Fcntl; my $flags = fcntl(STDOUT, F_GETFL, 0) or die; " +
  "fcntl(STDOUT, F_SETFL, $flags | O_NONBLOCK) or die; exec @ARGV or die";

for (const args of [["redact"], ["--no-color", "redact"]]) {
  Deno.test({
    name: `omn ${
      args.join(" ")
    } into a full non-blocking pipe: one line, exit 1, no byte repeated${perl.suffix}`,
    ignore: perl.ignore,
    async fn() {
      clearKnownSecrets();
      await using workspace = await tempWorkspace();
      const secret = anthropicKey("NONBLOCKING");
      const text = Array.from(
        { length: 40_000 },
        (_, index) =>
          `line ${String(index).padStart(6, "0")} ${index % 97 === 0 ? secret : "plain"} end\n`,
      ).join("");
      const env = childEnv({ OMNIMANCER_HOME: workspace.home, NO_COLOR: "1" });
      noteOmnStart(args);
      const child = new Deno.Command("perl", {
        args: [
          "-e",
          NON_BLOCKING_EXEC,
          Deno.execPath(),
          ...omnRunArgs((name) => env[name], workspace.cwd),
          ...args,
        ],
        cwd: workspace.cwd,
        env,
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      // stdout is not read until omn has ended: the 64 KiB pipe fills, and a write would block.
      const writer = child.stdin.getWriter();
      // A program that waits for the pipe instead would wait for ever: after a minute it is
      // ended and the test fails (this is no speed limit; omn stops within milliseconds).
      const waiting = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const [status, stderr] = await Promise.all([
        child.status,
        new Response(child.stderr).text(),
        writer.write(new TextEncoder().encode(text)).then(() => writer.close()).catch(() => {}),
      ]).finally(() => clearTimeout(waiting));
      assert.notEqual(status.signal, "SIGKILL", "omn kept waiting on the full non-blocking pipe");
      const stdout = await new Response(child.stdout).text();
      assert.equal(status.code, 1, stderr);
      assert.equal(stderr, `error: ${NON_BLOCKING_STDOUT}\n`);
      const expected = redact(text);
      assert.ok(stdout.length > 0 && stdout.length < expected.length, `${stdout.length} bytes`);
      assert.ok(
        expected.startsWith(stdout),
        "what was written is the start of the output, exactly",
      );
      assert.ok(!stdout.includes(secret.slice(-20)));
    },
  });
}

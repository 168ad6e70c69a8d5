/**
 * Data written through `Io.write` (here `omn scan -`, whose findings fill
 * more than a pipe) goes to standard output without a web stream
 * (src/core/io.ts `writeStdout`); in non-blocking mode it stops as the
 * stream does (tests/e2e/non_blocking_stdout_test.ts): one line, exit 1, and
 * what was written is exact.
 */
import assert from "node:assert/strict";
import { needsTool } from "../_support/tool_available.ts";
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { omnRunArgs } from "./_program.ts";
import { tempWorkspace } from "./_workspace.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { NON_BLOCKING_STDOUT } from "../../src/core/stdout_writable.ts";

const perl = await needsTool("perl", ["-e", "exit 0"]);

/** Sets standard output (a pipe to this test) to non-blocking mode (or not), then becomes omn. */
const exec = (nonBlocking: boolean) =>
  (nonBlocking
    ? "use Fcntl; my $flags = fcntl(STDOUT, F_GETFL, 0) or die; " +
      "fcntl(STDOUT, F_SETFL, $flags | O_NONBLOCK) or die; "
    : "") + "exec @ARGV or die";

Deno.test({
  name:
    `omn scan - into a full non-blocking pipe: one line, exit 1, output exact so far${perl.suffix}`,
  ignore: perl.ignore,
  async fn() {
    await using workspace = await tempWorkspace();
    const secret = anthropicKey("NONBLOCKINGIO");
    const text = Array.from({ length: 3000 }, (_, index) => `line ${index} ${secret} end\n`).join(
      "",
    );
    const env = childEnv({ OMNIMANCER_HOME: workspace.home, NO_COLOR: "1" });
    const run = async (nonBlocking: boolean) => {
      noteOmnStart(["scan", "-"]);
      const child = new Deno.Command("perl", {
        args: [
          "-e",
          exec(nonBlocking),
          Deno.execPath(),
          ...omnRunArgs((name) => env[name], workspace.cwd),
          "scan",
          "-",
        ],
        cwd: workspace.cwd,
        env,
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      const input = writer.write(new TextEncoder().encode(text)).then(() => writer.close());
      // Blocking, stdout is read as it comes; non-blocking, only once omn has ended (it fills).
      const stdout = nonBlocking ? undefined : new Response(child.stdout).text();
      const waiting = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const [status, stderr] = await Promise.all([
        child.status,
        new Response(child.stderr).text(),
        input.catch(() => {}),
      ]).finally(() => clearTimeout(waiting));
      return { status, stderr, stdout: await (stdout ?? new Response(child.stdout).text()) };
    };
    const whole = await run(false);
    assert.ok(whole.stdout.length > 65536, `${whole.stdout.length} bytes: more than a pipe holds`);
    const cut = await run(true);
    assert.notEqual(cut.status.signal, "SIGKILL", "omn kept waiting on the full non-blocking pipe");
    assert.equal(cut.status.code, 1, cut.stderr);
    assert.ok(cut.stderr.endsWith(`error: ${NON_BLOCKING_STDOUT}\n`), cut.stderr);
    assert.ok(cut.stdout.length > 0 && cut.stdout.length < whole.stdout.length);
    assert.ok(whole.stdout.startsWith(cut.stdout), "what was written is the start, exactly");
    assert.ok(!cut.stdout.includes(secret.slice(-20)));
  },
});

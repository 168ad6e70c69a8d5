/**
 * Runs omn (the bundle under the release permission set) with its standard
 * output a pipe to the test that perl has set to non-blocking mode, as a
 * program sharing the pipe may (`O_NONBLOCK`), or left blocking for the
 * comparison run. The non-blocking stdout is not read until omn has ended:
 * the 64 KiB pipe fills, and omn's next write would block.
 *
 * @module
 */
import { omnLaunch } from "./_omn.ts";
import { needsTool } from "../_support/tool_available.ts";
import type { Workspace } from "./_workspace.ts";

/** The perl these tests need, probed once. */
export const perl = await needsTool("perl", ["-e", "exit 0"]);

/** Sets standard output to non-blocking mode (or not), then becomes the command. */
const exec = (nonBlocking: boolean) =>
  (nonBlocking
    ? "use Fcntl; my $flags = fcntl(STDOUT, F_GETFL, 0) or die; " +
      "fcntl(STDOUT, F_SETFL, $flags | O_NONBLOCK) or die; "
    : "") + "exec @ARGV or die";

/** How one run ended, and what it wrote. */
export interface PipeRun {
  status: Deno.CommandStatus;
  stdout: string;
  stderr: string;
}

/** Runs `omn args…` with `stdin`, its stdout non-blocking unless `nonBlocking` is false. */
export async function runIntoPipe(
  args: string[],
  workspace: Workspace,
  stdin: string,
  nonBlocking = true,
): Promise<PipeRun> {
  const { env, command } = omnLaunch(args, workspace);
  const child = new Deno.Command("perl", {
    args: [
      "-e",
      exec(nonBlocking),
      ...command,
      ...args,
    ],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const input = writer.write(new TextEncoder().encode(stdin)).then(() => writer.close());
  // Blocking, stdout is read as it comes; non-blocking, only once omn has ended.
  const stdout = nonBlocking ? undefined : new Response(child.stdout).text();
  // A program that waits for the pipe instead would wait for ever: after a minute it is ended
  // (status.signal "SIGKILL", for the test to fail on); no speed limit, omn stops at once.
  const waiting = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [status, stderr] = await Promise.all([
    child.status,
    new Response(child.stderr).text(),
    input.catch(() => {}),
  ]).finally(() => clearTimeout(waiting));
  return { status, stderr, stdout: await (stdout ?? new Response(child.stdout).text()) };
}

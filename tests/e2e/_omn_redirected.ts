/**
 * Runs the real program with one of its standard streams redirected by a
 * shell (`omn … < dir`, `omn … > /dev/full`): what only a real process can
 * be given. Counted as an `omn` start like every other (`noteOmnStart`).
 *
 * @module
 */
import { omnLaunch, type OmnResult } from "./_omn.ts";
import type { Workspace } from "./_workspace.ts";

/** `<` redirects stdin from `target`, `>` stdout to it (its output is then empty here). */
export async function runOmnRedirected(
  args: string[],
  workspace: Workspace,
  redirect: "<" | ">",
  target: string,
): Promise<OmnResult> {
  const { env, command } = omnLaunch(args, workspace);
  const output = await new Deno.Command("/bin/sh", {
    args: [
      "-c",
      `exec "$@" ${redirect} "$0"`,
      target,
      ...command,
      ...args,
    ],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: redirect === ">" ? "null" : "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: redirect === ">" ? "" : decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

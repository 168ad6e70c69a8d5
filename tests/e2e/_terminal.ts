/**
 * Runs the real CLI on a pseudo-terminal (util-linux `script`), answering
 * each question as it shows on the screen, for tests of hidden prompts and
 * interactive setup.
 *
 * @module
 */
import { needsTool } from "../_support/tool_available.ts";
import { omnLaunch, type Workspace } from "./_omn.ts";

/**
 * util-linux `script`, which provides the pseudo-terminal: tests pass
 * `ignore: scriptTool.ignore` and append `scriptTool.suffix` to their name.
 */
export const scriptTool = await needsTool("script", ["--version"]);

/** Whether util-linux `script` is available to provide a pseudo-terminal. */
export const hasScript = scriptTool.present;

/** Runs `omn args…` on a pseudo-terminal, answering each question as it shows; returns the screen. */
export async function onTerminal(
  workspace: Workspace,
  args: string,
  dialogue: readonly [question: string, answer: string][],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; screen: string }> {
  // `args` is shell text (it may redirect): appended as it is, after the quoted command.
  const { env, command } = omnLaunch(args.split(" "), { ...workspace, env: extraEnv });
  const quoted = command.map((part) => `'${part}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qec", `${quoted} ${args}`, "/dev/null"],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let screen = "";
  let seen = 0;
  for (const [question, answer] of dialogue) {
    while (screen.indexOf(question, seen) < 0) {
      const { value, done } = await reader.read();
      if (done) break;
      screen += decoder.decode(value, { stream: true });
    }
    seen = screen.indexOf(question, seen) + question.length;
    await writer.write(new TextEncoder().encode(`${answer}\r`));
  }
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    screen += decoder.decode(value, { stream: true });
  }
  await writer.close().catch(() => {});
  const status = await child.status;
  await child.stderr.cancel();
  return { code: status.code, screen };
}

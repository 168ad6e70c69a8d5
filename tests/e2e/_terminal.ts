/**
 * Runs the real CLI on a pseudo-terminal (util-linux `script`), answering
 * each question as it shows on the screen, for tests of hidden prompts and
 * interactive setup.
 *
 * @module
 */
import { omnRunArgs } from "./_program.ts";
import type { Workspace } from "./_omn.ts";

/** Whether util-linux `script` is available to provide a pseudo-terminal. */
export const hasScript = await new Deno.Command("script", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then((output) => output.success, () => false);

/** Runs `omn args…` on a pseudo-terminal, answering each question as it shows; returns the screen. */
export async function onTerminal(
  workspace: Workspace,
  args: string,
  dialogue: readonly [question: string, answer: string][],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; screen: string }> {
  const env: Record<string, string> = {
    OMNIMANCER_HOME: workspace.home,
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ...extraEnv,
  };
  const command = [
    Deno.execPath(),
    ...omnRunArgs((name) => env[name], workspace.cwd),
  ]
    .map((part) => `'${part}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qec", `${command} ${args}`, "/dev/null"],
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

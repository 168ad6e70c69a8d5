import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launchFlags } from "../../scripts/launch_flags.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { tempWorkspace } from "./_omn.ts";

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));
const hasScript = await new Deno.Command("script", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then((output) => output.success, () => false);

/** Runs `omn args…` on a pseudo-terminal, types `answer` after `question` shows, returns the screen. */
async function onTerminal(
  workspace: { home: string; cwd: string },
  args: string,
  question: string,
  answer: string,
): Promise<{ code: number; screen: string }> {
  const env: Record<string, string> = {
    OMNIMANCER_HOME: workspace.home,
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
  const command = [
    Deno.execPath(),
    "run",
    "-q",
    ...launchFlags((name) => env[name], workspace.cwd),
    MAIN,
  ]
    .map((part) => `'${part}'`).join(" ");
  // util-linux `script` gives the child a pseudo-terminal; its output is what the terminal shows.
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
  const decoder = new TextDecoder();
  let screen = "";
  while (!screen.includes(question)) {
    const { value, done } = await reader.read();
    if (done) break;
    screen += decoder.decode(value, { stream: true });
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(`${answer}\r`));
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

Deno.test({
  name: "keys set on a terminal reads the key from a hidden prompt that never echoes it",
  ignore: !hasScript,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const canary = openaiProjectKey("TTY");
    const { code, screen } = await onTerminal(workspace, "keys set openai", "API key:", canary);
    assert.equal(code, 0, screen);
    assert.match(screen, /Stored the openai key sk-proj-\*\*\*/);
    assertNoCanary({ terminal: screen }, [canary]);
    assert.ok((await Deno.readTextFile(`${workspace.home}/config.json`)).includes(canary));
  },
});

Deno.test({
  name: "config init on a terminal asks for the default provider",
  ignore: !hasScript,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const { code, screen } = await onTerminal(workspace, "config init", "Default provider", "mock");
    assert.equal(code, 0, screen);
    const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
    assert.deepEqual(config, { version: 1, default_provider: "mock" });
  },
});

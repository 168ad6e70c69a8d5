import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { omnLaunch, tempWorkspace } from "./_omn.ts";
import { scriptTool } from "./_terminal.ts";

/** `omn args…` on a pseudo-terminal (util-linux `script`): type keys, wait for the screen. */
function onTerminal(
  workspace: { home: string; cwd: string },
  args: string[],
  extraEnv: Record<string, string> = {},
) {
  const launch = omnLaunch(args, { ...workspace, env: extraEnv });
  const env = launch.env;
  const command = [...launch.command, ...args].map((part) => `'${part}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let screen = "";
  let ended = false;
  let changed = Promise.withResolvers<void>();
  const reading = (async () => {
    for await (const chunk of child.stdout) {
      screen += decoder.decode(chunk, { stream: true });
      changed.resolve();
      changed = Promise.withResolvers<void>();
    }
    ended = true;
    changed.resolve();
  })();
  return {
    screen: () => screen,
    type: (text: string) => writer.write(new TextEncoder().encode(text)),
    /**
     * Waits until the screen, after `from` characters, matches (each time new
     * output arrives, never on a timer); returns where the match ends. Fails
     * when the program ends first.
     */
    async waitFor(pattern: RegExp, from = 0): Promise<number> {
      for (;;) {
        const match = pattern.exec(screen.slice(from));
        if (match) return from + match.index + match[0].length;
        if (ended) throw new Error(`${pattern} never showed; screen:\n${screen}`);
        await changed.promise;
      }
    },
    async end(): Promise<number> {
      const status = await child.status;
      await reading;
      await writer.close().catch(() => {});
      return status.code;
    },
  };
}

Deno.test({
  name:
    `chat on a terminal: a reply streams, a pasted canary shows and is kept only masked, /exit ends${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const canary = openaiProjectKey("CHATTTY");
    const terminal = onTerminal(workspace, ["chat", "--provider", "mock"]);
    await terminal.waitFor(/> /);
    await terminal.type("hello world\r");
    let seen = await terminal.waitFor(/starting "hello world"\. This reply is deterministic\./);
    await terminal.type(`my key ${canary}\r`);
    seen = await terminal.waitFor(/deterministic\./, seen);
    await terminal.type("/exit\r");
    assert.equal(await terminal.end(), 0, terminal.screen());
    const screen = terminal.screen();
    assert.match(screen, /omn chat with mock\/mock-1/);
    assert.match(screen, /> my key sk-proj-\*\*\*/);
    assertNoCanary({ terminal: screen }, [canary]);
    await assertNoCanaryInTree(workspace.home, [canary]);
    const history = await Deno.readTextFile(`${workspace.home}/chat_history.jsonl`);
    assert.equal((await Deno.lstat(`${workspace.home}/chat_history.jsonl`)).mode! & 0o777, 0o600);
    assert.deepEqual(history.trim().split("\n").map((line) => JSON.parse(line)), [
      "hello world",
      "my key sk-proj-***",
      "/exit",
    ]);
  },
});

Deno.test({
  name:
    `chat on a terminal: a spinner until the reply starts; Ctrl-C stops a slow reply and the session goes on${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const key = openaiProjectKey("CHATSLOW");
    await using fake = await startOpenAIChatFake({ apiKey: key, scenario: "slow" });
    const terminal = onTerminal(
      workspace,
      ["chat", "--provider", "openai", "--base-url", fake.baseURL],
      { OPENAI_API_KEY: key },
    );
    await terminal.waitFor(/> /);
    await terminal.type("tell me a long story\r");
    let seen = await terminal.waitFor(/Hello /);
    await terminal.type("\x03");
    seen = await terminal.waitFor(/Reply stopped; the session goes on/, seen);
    await terminal.waitFor(/> /, seen);
    await terminal.type("/usage\r");
    seen = await terminal.waitFor(/Usage: /, seen);
    await terminal.type("/exit\r");
    assert.equal(await terminal.end(), 0, terminal.screen());
    const screen = terminal.screen();
    assert.match(screen, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] gpt-4o-mini/, "the spinner showed");
    assert.ok(!screen.includes("several small pieces"), "the reply stopped before its end");
    assertNoCanary({ terminal: screen }, [key]);
    const [file] = [...Deno.readDirSync(`${workspace.home}/conversations`)]
      .filter((entry) => entry.name.endsWith(".json"));
    const conversation = JSON.parse(
      await Deno.readTextFile(`${workspace.home}/conversations/${file.name}`),
    );
    assert.equal(conversation.messages[0].content, "tell me a long story");
    assert.match(conversation.messages[1].content, /^Hello/);
  },
});

/**
 * Every command's --help has a summary and two or three examples, and every
 * example runs: each is executed by bash in a prepared workspace and must
 * exit 0. One bash runs them all, each in its own subshell
 * (`_bash_session.ts`); a plain `omn …` example runs without bash. The `omn`
 * bash finds is a shim (`_omn_shim.ts`) that runs the CLI in this process, or
 * the real program under the release permission set for `doctor` and for
 * commands that name a file. The README's offline recipes run the same way.
 *
 * @module
 */
import assert from "node:assert/strict";
import { isAbsolute } from "node:path";
import { childEnv } from "./_child_env.ts";
import { runInProcess } from "./_in_process.ts";
import { buildApp } from "../../src/cli/app.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { runOmn, tempWorkspace, type Workspace } from "./_omn.ts";
import { type ShimCall, startOmnShim } from "./_omn_shim.ts";
import { startBashSession } from "./_bash_session.ts";

interface CommandLike {
  name(): string;
  description(): string;
  commands: readonly CommandLike[];
  configureOutput(
    output: { writeOut: (text: string) => void; writeErr: (text: string) => void },
  ): unknown;
  outputHelp(): void;
}

/** Every command path with its summary and its examples. */
function collect(): { path: string; summary: string; examples: string[] }[] {
  const found: { path: string; summary: string; examples: string[] }[] = [];
  const walk = (command: CommandLike, path: string) => {
    let help = "";
    command.configureOutput({ writeOut: (text) => help += text, writeErr: (text) => help += text });
    command.outputHelp();
    const examples = (help.split("\nExamples:\n")[1] ?? "").split("\n")
      .map((line) => line.trim()).filter((line) => line !== "");
    found.push({ path, summary: command.description(), examples });
    for (const sub of command.commands) {
      if (sub.name() !== "help") walk(sub, `${path} ${sub.name()}`);
    }
  };
  walk(buildApp(memoryContext()) as unknown as CommandLike, "omn");
  return found;
}

const commands = collect();

Deno.test("every command has a one-line summary and two or three examples", () => {
  const missing = commands.filter((command) =>
    command.examples.length < 2 || command.examples.length > 3
  )
    .map((command) => `${command.path} (${command.examples.length})`);
  assert.deepEqual(missing, []);
  for (const command of commands) {
    assert.ok(
      command.summary.length > 0 && !command.summary.includes("\n"),
      `${command.path}: summary`,
    );
    assert.ok(
      command.examples.length >= 2 && command.examples.length <= 3,
      `${command.path}: ${command.examples.length} examples`,
    );
    for (const example of command.examples) {
      assert.match(example, /\bomn\b/, `${command.path}: ${example}`);
    }
  }
});

/**
 * The prepared workspace (`_example_setup.sh`) with one bash whose `omn` is
 * the shim; `run(line)` runs one example line and gives its result.
 */
async function startExamples(workspace: Workspace) {
  const home = `${workspace.root}/user`;
  await Deno.mkdir(`${home}/.local/share/bash-completion/completions`, { recursive: true });
  await Deno.mkdir(`${home}/.config/fish/completions`, { recursive: true });
  // zsh's first $fpath directory (zsh counts from 1), for the zsh example run here in bash,
  // where an unset `${fpath[1]}` would make it write /_omn.
  await Deno.mkdir(`${home}/.zfunc`, { recursive: true });
  // omn in process, but the real program where the permission set decides: doctor (it checks
  // the set it runs under) and a command naming a file (the set decides whether omn may read it).
  const runExample = async (args: string[], call: ShimCall) =>
    args[0] === "doctor" || await namesAPath(args, call.cwd)
      ? await runOmn(args, { ...workspace, ...call })
      : await runInProcess(args, { ...workspace, ...call });
  const shim = await startOmnShim(workspace.root, runExample);
  // Deno's own cache stays where it is (childEnv), whatever HOME the examples see.
  const env = childEnv({
    OMNIMANCER_HOME: workspace.home,
    HOME: home,
    NO_COLOR: "1",
    CI: "",
    PATH: `${shim.bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
  });
  // One bash for the setup and every example: each line runs in its own subshell
  // (`_bash_session.ts`), where `omn` is the shim's function.
  const bash = startBashSession({
    cwd: workspace.cwd,
    env,
    scratch: workspace.root,
    prelude: shim.define,
  });
  const setup = await bash.run(
    await Deno.readTextFile(new URL("./_example_setup.sh", import.meta.url)),
  );
  assert.equal(setup.code, 0, setup.stderr);
  return {
    home,
    /** Runs one example: a plain `omn …` without bash; pipes, redirections and variables in bash. */
    run(line: string) {
      const words = plainOmnCommand(line);
      return words
        ? runExample(words, { env, cwd: workspace.cwd, stdin: "" })
        : bash.run(`fpath=([1]="$HOME/.zfunc"); ${line}`);
    },
    async [Symbol.asyncDispose]() {
      await bash[Symbol.asyncDispose]();
      await shim[Symbol.asyncDispose]();
    },
  };
}

Deno.test("every example in every --help runs", async () => {
  await using workspace = await tempWorkspace();
  await using examples = await startExamples(workspace);
  const failures: string[] = [];
  for (const command of commands) {
    for (const example of command.examples) {
      const result = await examples.run(example.replace(/\s+\(.*\)$/, ""));
      if (result.code !== 0) {
        const stderr = result.stderr.trim().split("\n").at(-1);
        failures.push(`${command.path}: "${example}" exited ${result.code}: ${stderr}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  // The zsh example wrote where zsh would have put it.
  assert.ok((await Deno.stat(`${examples.home}/.zfunc/_omn`)).isFile);
});

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The lines of the first `sh` block after the heading `heading` in the README, comments cut. */
function readmeLines(heading: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no heading "${heading}"`);
  const open = README.indexOf("```sh\n", start);
  const close = README.indexOf("\n```", open + 5);
  return README.slice(open + 6, close).split("\n").map((line) => line.replace(/\s+#\s.*$/, ""))
    .filter((line) => line.trim() !== "");
}

Deno.test("the README's offline recipes run as written (ask, code blocks, model aliases, the config file)", async () => {
  await using workspace = await tempWorkspace();
  await using examples = await startExamples(workspace);
  // Each block's lines that need no network, no key and no placeholder, in order.
  const blocks: [string, (line: string) => boolean][] = [
    ["### `omn ask`", () => true],
    ["#### Code blocks", (line) => line.includes("mock-code")],
    ["#### `PROVIDER/MODEL` and model aliases", (line) => line.includes("models alias")],
    ["### The config file", (line) => !/config init|NAME/.test(line)],
  ];
  const failures: string[] = [];
  for (const [heading, offline] of blocks) {
    const lines = readmeLines(heading).filter(offline);
    assert.ok(lines.length >= 1, `${heading}: no line to run`);
    for (const line of lines) {
      const result = await examples.run(line);
      if (result.code !== 0) {
        const stderr = result.stderr.trim().split("\n").at(-1);
        failures.push(`${heading}: "${line}" exited ${result.code}: ${stderr}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

/**
 * Whether an argument names a file or directory that exists (from `cwd`), other than stdin's
 * `-` and the label of `--name`.
 */
async function namesAPath(args: readonly string[], cwd: string): Promise<boolean> {
  for (const [index, arg] of args.entries()) {
    if (arg === "-" || arg.startsWith("-") || arg === "") continue;
    // `scan --name LABEL` labels stdin in the report; it names no file omn reads.
    if (args[index - 1] === "--name") continue;
    const exists = await Deno.lstat(isAbsolute(arg) ? arg : `${cwd}/${arg}`).then(
      () => true,
      () => false,
    );
    if (exists) return true;
  }
  return false;
}

/**
 * The arguments of an example that is one plain `omn` command (words, and
 * quoted strings without `$`, backslashes or the other quote inside), or
 * undefined when it needs a shell (pipes, redirections, variables, `;`, `&&`).
 */
function plainOmnCommand(line: string): string[] | undefined {
  const words: string[] = [];
  const pattern = /\s*(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'|<>;&$`\\()*?{}#=~]+))/y;
  let index = 0;
  while (index < line.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(line);
    if (!match) return line.slice(index).trim() === "" ? finish() : undefined;
    words.push(match[1] ?? match[2] ?? match[3]);
    index = pattern.lastIndex;
    // A word glued to a quote or another word is shell syntax this parser does not take.
    if (index < line.length && !/\s/.test(line[index])) return undefined;
  }
  return finish();

  function finish() {
    return words[0] === "omn" && words.length > 1 ? words.slice(1) : undefined;
  }
}

Deno.test("plainOmnCommand takes plain commands and leaves the rest to bash", () => {
  assert.deepEqual(plainOmnCommand(`omn ask --provider mock "hello there"`), [
    "ask",
    "--provider",
    "mock",
    "hello there",
  ]);
  assert.deepEqual(plainOmnCommand("omn config get 'default_provider'"), [
    "config",
    "get",
    "default_provider",
  ]);
  for (
    const shell of [
      "omn redact < app.log",
      "cat app.log | omn scan",
      "OMNIMANCER_PASSPHRASE=x omn keys list",
      'omn ask "$(cat notes.txt)"',
      "omn ask hi && omn usage",
      "git diff | omn ask -",
      "omn ask --output json hi > out.json",
      "omn",
      "omn ask x=1",
    ]
  ) {
    assert.equal(plainOmnCommand(shell), undefined, shell);
  }
});

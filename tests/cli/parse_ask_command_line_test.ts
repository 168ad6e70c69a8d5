/**
 * The reading of an `ask` without commander is commander's reading: for every
 * command line it accepts, commander gives the same prompt words, the same
 * flag values, the same root flags and the same facts for the log; and it
 * knows the same flags as the commander declarations. Command lines are
 * generated from pieces (flags in each form, values good and bad, words that
 * look like flags), so that what is tested is the class, not the example.
 */
import assert from "node:assert/strict";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { ASK_FLAGS, CONFLICTS, parseAskCommandLine } from "../../src/cli/parse_ask_command_line.ts";
import { type FlagSpec, ROOT_FLAGS } from "../../src/cli/root_flag_specs.ts";
import { buildApp } from "../../src/cli/app.ts";
import { rewriteHeadlessArgv } from "../../src/cli/headless_argv.ts";
import { describeCommand } from "../../src/log/start_logging.ts";
import { memoryContext } from "./_memory_io.ts";

const home = await Deno.makeTempDir({ prefix: "omn-ask-line-" });
globalThis.addEventListener("unload", () => Deno.removeSync(home, { recursive: true }));

/** What commander makes of `argv`: the ask's words, values, root flags and log facts, or its error. */
async function commanderReading(argv: string[]) {
  const context = { ...memoryContext({ env: { OMNIMANCER_HOME: home } }), cwd: home };
  const program = buildApp(context, { argv });
  quiet(program);
  let reading: Record<string, unknown> | undefined;
  const ask = program.commands.find((command) => command.name() === "ask")!;
  ask.action((...args: unknown[]) => {
    const command = args.at(-1) as CommandUnknownOpts;
    const facts = describeCommand(command);
    reading = {
      words: args[0],
      options: { ...(args[1] as object) },
      root: { ...program.opts() },
      given: facts.options,
      args: facts.args,
    };
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    return { error: String(error) };
  }
  return reading ?? { error: "no ask ran" };
}

/** Commander's output and exits turned into thrown errors, for `command` and its commands. */
function quiet(command: CommandUnknownOpts): void {
  command.exitOverride().configureOutput({
    writeOut: () => {},
    writeErr: () => {},
    outputError: () => {},
  });
  for (const sub of command.commands) quiet(sub);
}

/** The fast reading in the shape of `commanderReading`. */
function fastReading(argv: string[]) {
  const line = parseAskCommandLine(argv);
  if (line === undefined) return undefined;
  return {
    words: line.words,
    options: { ...line.options },
    root: { ...line.root },
    given: line.given,
    args: line.words.length,
  };
}

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT_PIECES: string[][] = [
  ["-q"],
  ["--quiet"],
  ["-v"],
  ["--verbose"],
  ["--no-color"],
  ["--profile", "work"],
  ["--profile=work"],
  ["--profile="],
  ["--profile", "ask"],
  ["--profile", "-q"],
  ["--log-level", "off"],
  ["--log-level=off"],
  ["--log-level", "loud"],
  ["--log-format", "json"],
  ["--log-format=text"],
  ["--log-file", "t.log"],
  ["--log-file=t.log"],
  ["-qv"],
  ["--no-color=1"],
];

const ASK_PIECES: string[][] = [
  ["-m", "gpt-4o"],
  ["--model=gpt-4o"],
  ["--model", "-x"],
  ["--model"],
  ["--model", ""],
  ["-mgpt-4o"],
  ["-t", "0.5"],
  ["-t", "3"],
  ["--temperature=1"],
  ["-t", "-1"],
  ["--max-tokens", "10"],
  ["--max-tokens", "0"],
  ["--max-tokens", "1e3"],
  ["--timeout", "30"],
  ["--timeout", "0"],
  ["--timeout", "99999999"],
  ["--connect-timeout", "1.5"],
  ["--first-byte-timeout", "2"],
  ["--idle-timeout", "x"],
  ["--max-retries", "3"],
  ["--max-retries", " 4 "],
  ["--max-retries", "101"],
  ["--max-retry-wait", "0"],
  ["--max-cost", "$0.50"],
  ["--max-cost", "0"],
  ["--max-cost=0.1"],
  ["-o", "json"],
  ["-o", "xml"],
  ["--output", "stream-json"],
  ["--output-format", "json"],
  ["--output-format=text"],
  ["--schema", "{}"],
  ["--schema", "-"],
  ["-x"],
  ["--extract"],
  ["--extract-last"],
  ["--attach-type", "auto"],
  ["--attach-type", "exe"],
  ["--usage"],
  ["--usage=1"],
  ["--allow-unpriced"],
  ["--no-stream"],
  ["--no-stream=false"],
  ["--on-secret", "block"],
  ["--on-secret", "maybe"],
  ["-c"],
  ["--continue"],
  ["--conversation", "0190aabb"],
  ["--no-history"],
  ["-T", "review"],
  ["--template=review"],
  ["-s", "be brief"],
  ["--system", "--quiet"],
  ["--provider", "mock"],
  ["--provider=openai"],
  ["--base-url", "http://127.0.0.1:1"],
  ["-xc"],
  ["-cx"],
  ["--help"],
  ["-h"],
  ["-V"],
  ["--"],
  ["--unknown"],
  ["--models", "x"],
];

const WORDS: string[][] = [
  ["hi"],
  ["two words"],
  ["ask"],
  ["help"],
  ["chat"],
  ["-"],
  [""],
  ["-5"],
  ["-1.5"],
  ["\u00e9t\u00e9"],
  ["--"],
];

/** A command line from the pieces: root flags, a command (mostly ask), then a mix. */
function generated(next: () => number): string[] {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const argv: string[] = [];
  for (let count = Math.floor(next() * 3); count > 0; count--) argv.push(...pick(ROOT_PIECES));
  const command = next();
  if (command < 0.75) argv.push("ask");
  else if (command < 0.88) argv.push("-p");
  else if (command < 0.94) argv.push(pick(["chat", "help", "askk", "-qp"]));
  for (let count = Math.floor(next() * 6); count > 0; count--) {
    const kind = next();
    argv.push(...pick(kind < 0.45 ? ASK_PIECES : kind < 0.6 ? ROOT_PIECES : WORDS));
  }
  return argv;
}

/** What commander keeps of an option's `conflicts` and `implies`, which its typings leave out. */
interface OptionInternals {
  conflictsWith: string[];
  implied?: Record<string, unknown>;
}

/** `option`'s `conflicts` and `implies`, as commander keeps them. */
function internals(option: CommandUnknownOpts["options"][number]): OptionInternals {
  return option as unknown as OptionInternals;
}

Deno.test("parseAskCommandLine knows the root's and ask's flags as commander declares them", () => {
  const program = buildApp(memoryContext());
  const ask = program.commands.find((command) => command.name() === "ask")!;
  const compare = (
    declared: readonly CommandUnknownOpts["options"][number][],
    specs: readonly FlagSpec[],
  ) => {
    const options = declared.filter((option) => !["--help", "--version"].includes(option.long!));
    assert.deepEqual(
      options.map((option) => ({
        long: option.long,
        short: option.short,
        key: option.attributeName(),
        kind: option.negate ? "negated" : option.required ? "value" : "switch",
        choices: option.argChoices,
        parsed: option.parseArg !== undefined && option.argChoices === undefined,
      })),
      specs.map((spec) => ({
        long: spec.long,
        short: spec.short,
        key: spec.key,
        kind: spec.kind,
        choices: spec.choices,
        parsed: spec.parse !== undefined,
      })),
    );
    // A value that is optional, or variadic, is one this reading does not know.
    assert.ok(options.every((option) => !option.optional && !option.variadic));
    // Nor a value that comes from elsewhere than the flag itself: an environment variable
    // (commander reads `process.env`), a default, a preset, another flag's `implies`; nor a
    // flag that must be given.
    for (const option of options) {
      assert.deepEqual(
        {
          envVar: option.envVar,
          defaultValue: option.defaultValue,
          presetArg: option.presetArg,
          implied: internals(option).implied,
          mandatory: option.mandatory,
        },
        {
          envVar: undefined,
          defaultValue: undefined,
          presetArg: undefined,
          implied: undefined,
          mandatory: false,
        },
        option.flags,
      );
    }
  };
  compare(program.options, ROOT_FLAGS);
  compare(ask.options, ASK_FLAGS);
  // The flags that exclude each other are the pairs commander declares, each way.
  const pairs = (list: (readonly [string, string])[]) =>
    list.map((pair) => [...pair].sort().join(" ")).sort();
  const declared = ask.options.flatMap((option) =>
    internals(option).conflictsWith.map((other) => [option.attributeName(), other] as const)
  );
  assert.deepEqual([...new Set(pairs(declared))], pairs([...CONFLICTS]));
  assert.ok(program.options.every((option) => internals(option).conflictsWith.length === 0));
});

Deno.test("parseAskCommandLine reads every generated line it accepts as commander does", async () => {
  const next = random(20261203);
  let accepted = 0;
  const lines = 2500;
  for (let index = 0; index < lines; index++) {
    const argv = rewriteHeadlessArgv(generated(next));
    const fast = fastReading(argv);
    if (fast === undefined) continue;
    accepted++;
    assert.deepEqual(await commanderReading(argv), fast, JSON.stringify(argv));
  }
  // The reading is used: most generated lines hold a piece it leaves to commander, not all.
  assert.ok(accepted > lines / 10, `only ${accepted} of ${lines} accepted`);
});

Deno.test("parseAskCommandLine accepts the common asks, and leaves help, errors and odd forms to commander", async () => {
  const common = [
    ["ask", "hi"],
    ["ask"],
    ["-p", "describe this", "--output-format", "json"],
    ["ask", "--provider", "mock", "hi"],
    ["ask", "-m", "gpt-4o", "-t", "0.2", "--max-tokens", "100", "review", "this"],
    ["-q", "ask", "--no-stream", "-o", "json", "hi", "-"],
    ["ask", "-x", "--model", "mock-code", "a shell command"],
    ["ask", "-c", "and then?", "--usage", "--max-cost", "0.05"],
    ["--profile", "work", "ask", "--schema", "s.json", "hi", "--no-history"],
    ["ask", "--attach-type", "auto", "--on-secret", "block", "describe"],
    ["ask", "--timeout=30", "--max-retries", "2", "--max-retry-wait", "5", "hi"],
    // The negated flags' keys come first in commander's opts(), whatever their place.
    ["ask", "-m", "x", "--no-history", "--usage", "--no-stream", "hi"],
  ];
  for (const argv of common) {
    const line = rewriteHeadlessArgv(argv);
    const fast = fastReading(line);
    assert.ok(fast !== undefined, `not accepted: ${JSON.stringify(argv)}`);
    assert.deepEqual(await commanderReading(line), fast, JSON.stringify(argv));
  }
  const left = [
    ["ask", "--help"],
    ["ask", "-h"],
    ["--version"],
    ["ask", "--", "-x"],
    ["ask", "-xc", "hi"],
    ["ask", "-mgpt-4o", "hi"],
    ["ask", "--model", "-x", "hi"],
    ["ask", "--system", "-q", "hi"],
    ["ask", "--model"],
    ["ask", "-t", "3", "hi"],
    ["ask", "-o", "xml", "hi"],
    ["ask", "-x", "--extract-last", "hi"],
    ["ask", "-x", "--schema", "{}", "hi"],
    ["ask", "--usage=1", "hi"],
    ["ask", "--bogus", "hi"],
    ["ask", "-5"],
    ["-qv", "ask", "hi"],
    ["chat"],
    ["help", "ask"],
    ["--model", "m", "ask", "hi"],
    [],
  ];
  for (const argv of left) assert.equal(parseAskCommandLine(argv), undefined, JSON.stringify(argv));
});

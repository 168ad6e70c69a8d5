/**
 * The root command: global flags and the command tree. Command modules only
 * declare their flags here; the work each does is imported when it runs.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../core/context.ts";
import { askCommand, askHead } from "./commands/ask.ts";
import { auditCommand, auditHead } from "./commands/audit.ts";
import { doctorCommand, doctorHead } from "./commands/doctor.ts";
import { usageCommand, usageHead } from "./commands/usage.ts";
import { chatCommand, chatHead } from "./commands/chat.ts";
import { historyCommand, historyHead } from "./commands/history.ts";
import { batchCommand, batchHead } from "./commands/batch.ts";
import { completionsCommand, completionsHead } from "./commands/completions.ts";
import { configCommand, configHead } from "./commands/config.ts";
import { keysCommand, keysHead } from "./commands/keys.ts";
import { modelsCommand, modelsHead } from "./commands/models.ts";
import { profilesCommand, profilesHead } from "./commands/profiles.ts";
import { providersCommand, providersHead } from "./commands/providers.ts";
import { redactCommand, redactHead } from "./commands/redact.ts";
import { scanCommand, scanHead } from "./commands/scan.ts";
import { trustCommand, trustHead, untrustCommand, untrustHead } from "./commands/trust.ts";
import { templatesCommand, templatesHead } from "./commands/templates.ts";
import { versionText } from "../version.ts";
import { describeCommand } from "../log/start_logging.ts";
import { applyGlobalOptions, type GlobalOptions } from "./apply_global_options.ts";
import { chosenCommand, runsNoCommand } from "./chosen_command.ts";

/** Options of {@linkcode buildApp}. */
export interface BuildAppOptions {
  /**
   * The command line the tree is for: when it runs one command
   * (`src/cli/chosen_command.ts`), only the root and that command are built,
   * which cost start-up for nothing otherwise. Absent: the whole tree.
   */
  argv?: readonly string[];
}

// deno-lint-ignore no-explicit-any
type AnyCommand = Command<any, any, any>;

/** What `omn --help` prints after the flags and commands. */
const ROOT_HELP = `
Shorthand:
  omn -p PROMPT [options]   same as "omn ask PROMPT [options]"

Exit codes:
  0 ok, 1 runtime or provider error, 2 usage error,
  3 configuration, credential or security refusal,
  4 authentication rejected or quota exhausted,
  5 rate limited, overloaded, unreachable or timed out, 130 interrupted
  (with --output json or stream-json every failure still ends with a result
  object carrying "error_type")

Examples:
  omn ask --provider mock "hello"
  git diff | omn ask "review this"
  omn redact < app.log > app.redacted.log`;

/** The root command with its description, version and global flags, before any command. */
function declareRoot() {
  return new Command("omn")
    .description(
      "omnimancer: talk to LLM providers from a terminal, a pipeline or CI, without leaking a credential",
    )
    .version(
      versionText(),
      "-V, --version",
      "print the omnimancer version, Deno version and target",
    )
    .option("-q, --quiet", "print only data and errors")
    .option("-v, --verbose", "print debug messages on stderr")
    .option("--no-color", "never colour messages (NO_COLOR is honoured too)")
    .option(
      "--profile <name>",
      "use this profile's providers and keys (default: OMNIMANCER_PROFILE, else default)",
    )
    .option(
      "--log-file <path>",
      "append a redacted log to this file in the config directory (default omn.log there)",
    )
    .addOption(
      new Option(
        "--log-level <level>",
        "log records from this level on (default info; OMNIMANCER_LOG=debug)",
      ).choices(["error", "warn", "info", "debug", "off"] as const),
    )
    .addOption(
      new Option("--log-format <format>", "log as text or JSON lines (OMNIMANCER_LOG=debug:json)")
        .choices(["text", "json"] as const),
    );
}

/** The root's flags as commander parses them: what `applyGlobalOptions` takes. */
type RootOptions = ReturnType<ReturnType<typeof declareRoot>["opts"]>;
/** `true` when `A` and `B` are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when `T` is `true`. */
type Expect<T extends true> = T;
// The root's flags as commander parses them are what the reading without commander gives.
type _RootOptionsAreGlobal = Expect<Same<RootOptions, GlobalOptions>>;

/** One command of the tree: its builder, and what the root's help lists of it. */
interface CommandEntry {
  readonly name: string;
  readonly build: (context: CliContext) => AnyCommand;
  /** Its name, description and arguments, without its options and subcommands. */
  readonly head: () => AnyCommand;
  /** Whether it has options of its own (the root's help then lists it as `ask [options]`). */
  readonly options: boolean;
}

/** The commands of the tree; `completions` lists `program`'s tree. */
function commandTable(program: AnyCommand): readonly CommandEntry[] {
  return [
    { name: "ask", build: askCommand, head: askHead, options: true },
    { name: "chat", build: chatCommand, head: chatHead, options: true },
    { name: "history", build: historyCommand, head: historyHead, options: false },
    { name: "batch", build: batchCommand, head: batchHead, options: true },
    { name: "redact", build: redactCommand, head: redactHead, options: false },
    { name: "scan", build: scanCommand, head: scanHead, options: true },
    { name: "config", build: configCommand, head: configHead, options: false },
    { name: "keys", build: keysCommand, head: keysHead, options: false },
    { name: "profiles", build: profilesCommand, head: profilesHead, options: true },
    { name: "trust", build: trustCommand, head: trustHead, options: true },
    { name: "untrust", build: untrustCommand, head: untrustHead, options: true },
    { name: "providers", build: providersCommand, head: providersHead, options: false },
    { name: "models", build: modelsCommand, head: modelsHead, options: true },
    { name: "templates", build: templatesCommand, head: templatesHead, options: false },
    { name: "usage", build: usageCommand, head: usageHead, options: true },
    { name: "audit", build: auditCommand, head: auditHead, options: true },
    { name: "doctor", build: doctorCommand, head: doctorHead, options: true },
    // The completion scripts list the whole tree: never chosen alone.
    {
      name: "completions",
      build: (context) => completionsCommand(context, () => program),
      head: completionsHead,
      options: false,
    },
  ];
}

/**
 * `entry`'s command as the root's help lists it, for a command line that
 * runs none (`omn --help`): its head, with a hidden option when the command
 * has options (commander's help then writes `[options]` after its name),
 * and no action. Building every command whole for that list cost `--help`
 * 3.7 to 8.4 ms (three runs against a copy of the bundle that builds it).
 */
function listed(entry: CommandEntry): AnyCommand {
  const command = entry.head();
  if (entry.options) command.addOption(new Option("--listed-only").hideHelp());
  return command;
}

/**
 * The work a chosen command imports when it runs, started as soon as the
 * command is known, so that it loads while the command line is parsed and
 * logging starts (the command's own import then finds it loaded).
 */
const PRELOADS: Readonly<Record<string, () => Promise<unknown>>> = {
  ask: () => import("../ask/execute_ask.ts"),
};

/** Builds the `omn` command tree over a context (only what `options.argv` runs, when given). */
export function buildApp(context: CliContext, options: BuildAppOptions = {}) {
  const program = declareRoot()
    .addHelpText("after", ROOT_HELP)
    .hook(
      "preAction",
      (root, command) => applyGlobalOptions(context, root.opts(), describeCommand(command)),
    );
  const commands = commandTable(program);
  const only = options.argv === undefined ? undefined : chosenCommand(
    options.argv,
    commands.map(({ name }) => name).filter((name) => name !== "completions"),
  );
  const listOnly = options.argv !== undefined && runsNoCommand(options.argv);
  for (const entry of commands) {
    if (listOnly) program.addCommand(listed(entry));
    else if (only === undefined || entry.name === only) program.addCommand(entry.build(context));
  }
  if (only !== undefined) PRELOADS[only]?.().catch(() => {});
  return program;
}

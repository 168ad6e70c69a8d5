/**
 * The root command: global flags and the command tree. Command modules only
 * declare their flags here; the work each does is imported when it runs.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../core/context.ts";
import { askCommand } from "./commands/ask.ts";
import { auditCommand } from "./commands/audit.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { usageCommand } from "./commands/usage.ts";
import { chatCommand } from "./commands/chat.ts";
import { historyCommand } from "./commands/history.ts";
import { batchCommand } from "./commands/batch.ts";
import { completionsCommand } from "./commands/completions.ts";
import { configCommand } from "./commands/config.ts";
import { keysCommand } from "./commands/keys.ts";
import { modelsCommand } from "./commands/models.ts";
import { profilesCommand } from "./commands/profiles.ts";
import { providersCommand } from "./commands/providers.ts";
import { redactCommand } from "./commands/redact.ts";
import { scanCommand } from "./commands/scan.ts";
import { trustCommand, untrustCommand } from "./commands/trust.ts";
import { templatesCommand } from "./commands/templates.ts";
import { versionText } from "../version.ts";
import { describeCommand, startLogging } from "../log/start_logging.ts";
import { chosenCommand } from "./chosen_command.ts";

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

/** The parsed global flags of the root command. */
type GlobalOptions = ReturnType<ReturnType<typeof declareRoot>["opts"]>;

/** Applies the global flags to the context and starts logging, before any command runs. */
async function applyGlobalOptions(
  context: CliContext,
  options: GlobalOptions,
  command: AnyCommand,
): Promise<void> {
  context.io.settings.quiet = options.quiet === true;
  // --log-level debug shows the debug lines (one per request) on stderr too.
  context.io.settings.verbose = options.verbose === true || options.logLevel === "debug";
  if (options.color === false) context.io.settings.color = false;
  context.profile = options.profile;
  await startLogging(context, options, describeCommand(command));
}

/** The commands of the tree, by name, each with its builder; `completions` lists `program`'s tree. */
function commandTable(
  program: AnyCommand,
): readonly (readonly [string, (context: CliContext) => AnyCommand])[] {
  return [
    ["ask", askCommand],
    ["chat", chatCommand],
    ["history", historyCommand],
    ["batch", batchCommand],
    ["redact", redactCommand],
    ["scan", scanCommand],
    ["config", configCommand],
    ["keys", keysCommand],
    ["profiles", profilesCommand],
    ["trust", trustCommand],
    ["untrust", untrustCommand],
    ["providers", providersCommand],
    ["models", modelsCommand],
    ["templates", templatesCommand],
    ["usage", usageCommand],
    ["audit", auditCommand],
    ["doctor", doctorCommand],
    // The completion scripts list the whole tree: never chosen alone.
    ["completions", (context) => completionsCommand(context, () => program)],
  ];
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
    .hook("preAction", (root, command) => applyGlobalOptions(context, root.opts(), command));
  const commands = commandTable(program);
  const only = options.argv === undefined ? undefined : chosenCommand(
    options.argv,
    commands.map(([name]) => name).filter((name) => name !== "completions"),
  );
  for (const [name, build] of commands) {
    if (only === undefined || name === only) program.addCommand(build(context));
  }
  if (only !== undefined) PRELOADS[only]?.().catch(() => {});
  return program;
}

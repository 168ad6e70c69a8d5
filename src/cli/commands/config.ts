/**
 * `omn config …`: the config file, its backups, import and export.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** Every `config` verb with its parsed inputs. */
export type ConfigRequest =
  | { verb: "init"; defaultProvider?: string; force: boolean }
  | { verb: "show"; json: boolean }
  | { verb: "get"; key: string; json: boolean }
  | { verb: "set"; key: string; value: string }
  | { verb: "unset"; key: string }
  | { verb: "path" }
  | { verb: "validate" }
  | { verb: "export"; includeSecrets: boolean }
  | { verb: "import"; source: string }
  | { verb: "backups-list"; json: boolean }
  | { verb: "backups-restore"; name: string };

/** Runs a parsed `config` request. */
export type ConfigAction = (request: ConfigRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: ConfigRequest, context: CliContext): Promise<void> {
  const { runConfig } = await import("../../config/run_config.ts");
  await runConfig(request, context);
}

/** Declares `config` and its verbs. */
export function configCommand(context: CliContext, action: ConfigAction = defaultAction) {
  const run = (request: ConfigRequest) => action(request, context);
  const config = new Command("config")
    .description("show and change the config file (secrets are always masked)")
    .addHelpText(
      "after",
      `
Examples:
  omn config set default_provider mock
  omn config show --json
  omn config export > omn-config.json`,
    );
  config.command("init")
    .description("create the config file (asks on a terminal, flags otherwise)")
    .option("--default-provider <name>", "the provider to use when --provider is not given")
    .option("--force", "replace an existing config (it is backed up first)", false)
    .action((options) =>
      run({ verb: "init", defaultProvider: options.defaultProvider, force: options.force })
    );
  config.command("show")
    .description("print the config with secrets masked")
    .option("--json", "print JSON", false)
    .action((options) => run({ verb: "show", json: options.json }));
  config.command("get")
    .description("print one value (secrets masked)")
    .argument("<key>", "dotted key, e.g. providers.openai.default_model")
    .option("--json", "print JSON", false)
    .action((key, options) => run({ verb: "get", key, json: options.json }));
  config.command("set")
    .description("set one value (not a secret: use omn keys set)")
    .argument("<key>", "dotted key, e.g. default_provider")
    .argument("<value>", "the value")
    .action((key, value) => run({ verb: "set", key, value }));
  config.command("unset")
    .description("remove one value")
    .argument("<key>", "dotted key")
    .action((key) => run({ verb: "unset", key }));
  config.command("path")
    .description("print the config file's path")
    .action(() => run({ verb: "path" }));
  config.command("validate")
    .description(
      "check the config file; exit 3 with the file, line and column or field when it is invalid",
    )
    .action(() => run({ verb: "validate" }));
  config.command("export")
    .description("print the config as JSON, without secrets unless asked")
    .option("--include-secrets", "include keys (only when stdout is not a terminal)", false)
    .action((options) => run({ verb: "export", includeSecrets: options.includeSecrets }));
  config.command("import")
    .description(
      "replace the config with a validated file or stdin (the current one is backed up first)",
    )
    .argument("<file>", 'a file or "-" for stdin')
    .action((source) => run({ verb: "import", source }));
  const backups = config.command("backups")
    .description("list the config backups (at most 10 are kept), or restore one")
    .option("--json", "print JSON", false)
    .action((options) => run({ verb: "backups-list", json: options.json }));
  backups.command("list")
    .description("list the backups, newest first")
    .option("--json", "print JSON", false)
    .action((options) => run({ verb: "backups-list", json: options.json }));
  backups.command("restore")
    .description("restore a backup (the current config is backed up first)")
    .argument("<name>", "a backup name from omn config backups")
    .action((name) => run({ verb: "backups-restore", name }));
  return config;
}

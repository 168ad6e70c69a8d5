/**
 * `omn config …`: the config file, its backups, import and export.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { examples } from "../examples.ts";
import type { ConfigRequest } from "../../config_command/run_config.ts";

/** Runs a parsed `config` request. */
export type ConfigAction = (request: ConfigRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: ConfigRequest, context: CliContext): Promise<void> {
  const { runConfig } = await import("../../config_command/run_config.ts");
  await runConfig(request, context);
}

/** Runs one parsed `config` request in the command's context. */
type RunConfig = (request: ConfigRequest) => Promise<void>;

/** `config` as the root's help lists it: its name, description and arguments. */
export function configHead() {
  return new Command("config")
    .description("show and change the config file (secrets are always masked)");
}

/** Declares `config` and its verbs. */
export function configCommand(context: CliContext, action: ConfigAction = defaultAction) {
  const run = (request: ConfigRequest) => action(request, context);
  const config = configHead()
    .addHelpText(
      "after",
      examples(
        "omn config set default_provider mock",
        "omn config show --json",
        "omn config export > omn-config.json",
      ),
    );
  addInitVerb(config, run);
  addShowVerb(config, run);
  addGetVerb(config, run);
  addSetVerb(config, run);
  addUnsetVerb(config, run);
  addPathVerb(config, run);
  addValidateVerb(config, run);
  addExportVerb(config, run);
  addImportVerb(config, run);
  addBackupsNoun(config, run);
  return config;
}

/** Declares `config init`. */
function addInitVerb(config: Command, run: RunConfig): void {
  config.command("init")
    .description("create the config file (asks on a terminal, flags otherwise)")
    .option("--default-provider <name>", "the provider to use when --provider is not given")
    .option("--force", "replace an existing config (it is backed up first)", false)
    .addHelpText(
      "after",
      examples("omn config init --force", "omn config init --default-provider mock --force"),
    )
    .action((options) =>
      run({ verb: "init", defaultProvider: options.defaultProvider, force: options.force })
    );
}

/** Declares `config show`. */
function addShowVerb(config: Command, run: RunConfig): void {
  config.command("show")
    .description("print the config with secrets masked")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn config show", "omn config show --json"))
    .action((options) => run({ verb: "show", json: options.json }));
}

/** Declares `config get`. */
function addGetVerb(config: Command, run: RunConfig): void {
  config.command("get")
    .description("print one value (secrets masked)")
    .argument("<key>", "dotted key, e.g. providers.openai.default_model")
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      examples("omn config get default_provider", "omn config get default_provider --json"),
    )
    .action((key, options) => run({ verb: "get", key, json: options.json }));
}

/** Declares `config set`. */
function addSetVerb(config: Command, run: RunConfig): void {
  config.command("set")
    .description("set one value (not a secret: use omn keys set)")
    .argument("<key>", "dotted key, e.g. default_provider")
    .argument("<value>", "the value")
    .addHelpText(
      "after",
      examples(
        "omn config set providers.openai.default_model gpt-4o-mini",
        "omn config set settings.history_retention_days 7",
      ),
    )
    .action((key, value) => run({ verb: "set", key, value }));
}

/** Declares `config unset`. */
function addUnsetVerb(config: Command, run: RunConfig): void {
  config.command("unset")
    .description("remove one value")
    .argument("<key>", "dotted key")
    .addHelpText(
      "after",
      examples(
        "omn config unset providers.openai.default_model",
        "omn config unset settings.history_retention_days",
      ),
    )
    .action((key) => run({ verb: "unset", key }));
}

/** Declares `config path`. */
function addPathVerb(config: Command, run: RunConfig): void {
  config.command("path")
    .description("print the config file's path")
    .addHelpText("after", examples("omn config path", 'ls -l "$(omn config path)"'))
    .action(() => run({ verb: "path" }));
}

/** Declares `config validate`. */
function addValidateVerb(config: Command, run: RunConfig): void {
  config.command("validate")
    .description(
      "check the config file; exit 3 with the file, line and column or field when it is invalid",
    )
    .addHelpText(
      "after",
      examples("omn config validate", 'omn config validate && echo "config is valid"'),
    )
    .action(() => run({ verb: "validate" }));
}

/** Declares `config export`. */
function addExportVerb(config: Command, run: RunConfig): void {
  config.command("export")
    .description("print the config as JSON, without secrets unless asked")
    .option("--include-secrets", "include keys (only when stdout is not a terminal)", false)
    .addHelpText(
      "after",
      examples(
        "omn config export > omn-config.json",
        "omn config export --include-secrets > omn-backup.json",
      ),
    )
    .action((options) => run({ verb: "export", includeSecrets: options.includeSecrets }));
}

/** Declares `config import`. */
function addImportVerb(config: Command, run: RunConfig): void {
  config.command("import")
    .description(
      "replace the config with a validated file or stdin (the current one is backed up first)",
    )
    .argument("<file>", 'a file or "-" for stdin')
    .addHelpText(
      "after",
      examples("omn config import - < omn-config.json", "omn config export | omn config import -"),
    )
    .action((source) => run({ verb: "import", source }));
}

/** Declares `config backups` and its verbs `list` (the default) and `restore`. */
function addBackupsNoun(config: Command, run: RunConfig): void {
  const backups = config.command("backups")
    .description("list the config backups (at most 10 are kept), or restore one")
    .addHelpText("after", examples("omn config backups", "omn config backups --json"));
  // `list` is the default verb, so `config backups --json` lists and each verb owns its flags.
  backups.command("list", { isDefault: true })
    .description("list the backups, newest first (the default verb)")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn config backups list", "omn config backups list --json"))
    .action((options) => run({ verb: "backups-list", json: options.json }));
  backups.command("restore")
    .description("restore a backup (the current config is backed up first)")
    .argument("<name>", "a backup name from omn config backups")
    .addHelpText(
      "after",
      examples(
        'omn config backups restore "$(omn config backups list | head -n 1 | cut -f 1)"',
        'omn config backups restore "$(omn config backups list | sed -n 2p | cut -f 1)"',
      ),
    )
    .action((name) => run({ verb: "backups-restore", name }));
}

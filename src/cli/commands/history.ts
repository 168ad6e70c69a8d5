/**
 * `omn history …`: the stored conversations.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { examples } from "../examples.ts";
import type { HistoryRequest } from "../../history/run_history.ts";

/** Runs a parsed `history` request. */
export type HistoryAction = (request: HistoryRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: HistoryRequest, context: CliContext): Promise<void> {
  const { runHistory } = await import("../../history/run_history.ts");
  await runHistory(request, context);
}

/** `history` as the root's help lists it: its name, description and arguments. */
export function historyHead() {
  return new Command("history")
    .description("list, search, show, export and remove stored conversations (always redacted)");
}

/** Declares `history` and its verbs. */
export function historyCommand(context: CliContext, action: HistoryAction = defaultAction) {
  const run = (request: HistoryRequest) => action(request, context);
  const history = historyHead()
    .addHelpText(
      "after",
      `
Conversations are kept in the config directory (conversations/<id>.json, 0600),
redacted, for settings.history_retention_days days (default 30). Turn history
off with --no-history for one run or "omn config set settings.history false";
it is off when CI is set unless the config turns it on.
${examples("omn history list", "omn history show notes", 'omn ask -c "and then?"')}`,
    );
  history.command("list")
    .description("list the conversations, changed last first")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn history list", "omn history list --json"))
    .action((options) => run({ verb: "list", json: options.json }));
  history.command("show")
    .description("print one conversation")
    .argument("<id>", "a conversation id or name")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn history show notes", "omn history show notes --json"))
    .action((id, options) => run({ verb: "show", id, json: options.json }));
  history.command("search")
    .description("find the conversations holding a text, with the lines that hold it")
    .argument("<text>", "the text to find, ignoring case (one line; quote it when it has spaces)")
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      examples('omn history search "remember"', "omn history search release --json"),
    )
    .action((text, options) => run({ verb: "search", text, json: options.json }));
  history.command("rm")
    .description("remove conversations")
    .argument("<id...>", "conversation ids or names")
    .addHelpText("after", examples("omn history rm scratch", "omn history rm draft-1 draft-2"))
    .action((ids) => run({ verb: "rm", ids }));
  history.command("export")
    .description("print conversations as one JSON document (all of them, or those named)")
    .argument("[id...]", "conversation ids or names")
    .addHelpText(
      "after",
      examples("omn history export > conversations.json", "omn history export notes"),
    )
    .action((ids) => run({ verb: "export", ids }));
  history.command("purge")
    .description("remove every conversation and the chat input history")
    .option("--yes", "confirm", false)
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn history purge --yes", "omn history purge --yes --json"))
    .action((options) => run({ verb: "purge", yes: options.yes, json: options.json }));
  return history;
}

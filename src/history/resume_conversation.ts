/**
 * The conversation that `-c` (the one changed last) or `--conversation ID`
 * asks `ask` or `chat` to go on from, and whether this run writes history.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { configPaths } from "../config/paths.ts";
import type { Config } from "../config/schema.ts";
import type { Conversation } from "./conversation.ts";
import { ConversationStore } from "./conversation_store.ts";
import { historySettings, isCi } from "./history_settings.ts";

/** The history flags of `ask` and `chat`. */
export interface HistoryFlags {
  /** `-c, --continue`: go on from the conversation changed last. */
  continueLast?: boolean;
  /** `--conversation ID`: go on from this conversation. */
  conversation?: string;
  /** `false` with `--no-history`: write nothing. */
  history?: boolean;
}

/** The conversation a run continues, and where it is stored. */
export interface ResumedConversation {
  store: ConversationStore;
  /** The conversation continued, if `-c` or `--conversation` found one. */
  resumed?: Conversation;
  /** Whether this run writes history. */
  enabled: boolean;
  /** Days conversations are kept. */
  retentionDays: number;
}

/**
 * Finds the conversation that `-c` or `--conversation` asks for.
 *
 * @throws {UsageError} when both are given, the id is invalid, or there is
 * no such conversation.
 */
export async function resumeConversation(
  flags: HistoryFlags,
  context: CliContext,
  config: Config,
): Promise<ResumedConversation> {
  if (flags.continueLast && flags.conversation !== undefined) {
    throw new UsageError("Pass -c (the last conversation) or --conversation ID, not both");
  }
  const settings = historySettings(config, context.env, { history: flags.history });
  const store = new ConversationStore(configPaths(context.env).dir, { now: context.now });
  let resumed: Conversation | undefined;
  if (flags.conversation !== undefined) resumed = await store.read(flags.conversation);
  else if (flags.continueLast) {
    resumed = await store.latest();
    if (resumed === undefined) throw new UsageError(noConversationMessage(config, context, flags));
  }
  return { store, resumed, enabled: settings.enabled, retentionDays: settings.retentionDays };
}

/** Why `-c` found nothing to continue, and what to do: history may be off (CI, config, flag). */
function noConversationMessage(config: Config, context: CliContext, flags: HistoryFlags): string {
  if (flags.history === false) {
    return "No conversation to continue: -c needs history, which --no-history turns off";
  }
  if (config.settings?.history === false) {
    return "No conversation to continue: history is off (settings.history is false); " +
      "turn it on with omn config set settings.history true";
  }
  if (isCi(context.env)) {
    return "No conversation to continue: history is off in CI (the CI variable is set); " +
      "turn it on with omn config set settings.history true";
  }
  return 'No conversation to continue: start one without -c (omn ask "…" or omn chat)';
}

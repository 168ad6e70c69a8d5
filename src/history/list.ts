/**
 * `omn history list`: the stored conversations, newest first.
 *
 * @module
 */
import { formatList } from "../core/format_list.ts";
import type { CliContext } from "../core/context.ts";
import { type Conversation, conversationTitle } from "./conversation.ts";
import { openHistoryStore, writeJson } from "./_history_store.ts";

/** The inputs of `omn history list`. */
export interface HistoryListOptions {
  /** `--json`: one summary object per conversation. */
  json: boolean;
}

/** One line of `history list --json`. */
export interface ConversationSummary {
  id: string;
  created_at: string;
  updated_at: string;
  provider: string | null;
  model: string | null;
  messages: number;
  title: string;
}

/** The summary of a conversation. */
export function summarizeConversation(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    provider: conversation.provider ?? null,
    model: conversation.model ?? null,
    messages: conversation.messages.length,
    title: conversationTitle(conversation),
  };
}

/** Lists the conversations as a table or JSON; unreadable files are warnings. */
export async function runHistoryList(
  options: HistoryListOptions,
  context: CliContext,
): Promise<void> {
  const { io } = context;
  const { conversations, warnings } = await openHistoryStore(context).store.list();
  for (const warning of warnings) io.message("warn", warning);
  const summaries = conversations.map(summarizeConversation);
  if (options.json) return await writeJson(context, summaries);
  if (summaries.length === 0) return io.message("info", "No conversations");
  await io.write(formatList({
    header: ["ID", "UPDATED", "MESSAGES", "MODEL", "TITLE"],
    rows: summaries.map((summary) => [
      summary.id,
      summary.updated_at.slice(0, 16).replace("T", " "),
      String(summary.messages),
      summary.provider ? `${summary.provider}/${summary.model ?? "?"}` : "-",
      summary.title,
    ]),
    right: [2],
  }, { terminal: io.stdoutIsTerminal }));
}

/**
 * `omn history export [ID…]`: every conversation, or the named ones, as one JSON document.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Conversation } from "./conversation.ts";
import { checkConversationId } from "./conversation_id.ts";
import { openHistoryStore, writeJson } from "./_history_store.ts";

/** The inputs of `omn history export`. */
export interface HistoryExportOptions {
  /** The conversations to export; empty for all. */
  ids: string[];
}

/** Prints `{ version, exported_at, conversations }`. */
export async function runHistoryExport(
  options: HistoryExportOptions,
  context: CliContext,
): Promise<void> {
  const { store } = openHistoryStore(context);
  let conversations: Conversation[];
  if (options.ids.length === 0) {
    const listed = await store.list();
    for (const warning of listed.warnings) context.io.message("warn", warning);
    conversations = listed.conversations;
  } else {
    for (const id of options.ids) checkConversationId(id);
    conversations = [];
    for (const id of options.ids) conversations.push(await store.read(id));
  }
  await writeJson(context, {
    version: 1,
    exported_at: context.now().toISOString(),
    conversations,
  });
}

/**
 * `omn history rm ID…`: removes the named conversations.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { checkConversationId } from "./conversation_id.ts";
import { openHistoryStore } from "./_history_store.ts";

/** The inputs of `omn history rm`. */
export interface HistoryRemoveOptions {
  ids: string[];
}

/** Removes each conversation; every id is checked before any is removed. */
export async function runHistoryRemove(
  options: HistoryRemoveOptions,
  context: CliContext,
): Promise<void> {
  const { store } = openHistoryStore(context);
  for (const id of options.ids) checkConversationId(id);
  for (const id of options.ids) {
    if (!await store.remove(id)) {
      throw new UsageError(`No conversation "${id}": list them with "omn history list"`);
    }
    context.io.message("info", `Removed conversation ${id}`);
  }
}

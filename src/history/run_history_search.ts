/**
 * The work of `omn history search TEXT [--json]`.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import type { ConversationStore } from "./conversation_store.ts";
import { formatMatches, searchConversations } from "./search_conversations.ts";

/** Prints the conversations holding `request.text`: text lines, or a JSON array (`[]` for none). */
export async function runHistorySearch(
  request: { text: string; json: boolean },
  store: ConversationStore,
  io: Io,
): Promise<void> {
  if (request.text.trim() === "" || /[\r\n]/.test(request.text)) {
    throw new UsageError(
      `Cannot search history for "${
        request.text.replace(/[\r\n]+/g, " ")
      }": give one line of text that is not blank`,
    );
  }
  const { conversations, warnings } = await store.list();
  for (const warning of warnings) io.message("warn", warning);
  const found = searchConversations(conversations, request.text);
  if (request.json) return await io.write(`${JSON.stringify(found, null, 2)}\n`);
  if (found.length === 0) return io.message("info", `No conversation holds "${request.text}"`);
  await io.write(formatMatches(found));
}

/**
 * `omn history show ID`: one conversation, as text or its stored JSON.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Conversation } from "./conversation.ts";
import { openHistoryStore, writeJson } from "./_history_store.ts";

/** The inputs of `omn history show`. */
export interface HistoryShowOptions {
  id: string;
  /** `--json`: the stored JSON. */
  json: boolean;
}

/** A conversation as text: a header, then each message under its role. */
export function formatConversation(conversation: Conversation): string {
  const lines = [
    `conversation ${conversation.id}`,
    `updated ${conversation.updated_at}` +
    (conversation.provider ? `, ${conversation.provider}/${conversation.model ?? "?"}` : ""),
  ];
  if (conversation.system !== undefined) lines.push("", "## system", "", conversation.system);
  for (const message of conversation.messages) {
    lines.push("", `## ${message.role}`, "", message.content.replace(/\n+$/, ""));
    const file = message.attachment;
    if (file) lines.push(`[attachment: ${file.type}, ${file.size} bytes, sha256 ${file.sha256}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** Prints one conversation. */
export async function runHistoryShow(
  options: HistoryShowOptions,
  context: CliContext,
): Promise<void> {
  const conversation = await openHistoryStore(context).store.read(options.id);
  if (options.json) return await writeJson(context, conversation);
  await context.io.write(formatConversation(conversation));
}

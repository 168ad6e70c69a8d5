/**
 * The work of `omn history`: list, show, export and remove the stored
 * conversations. Everything printed goes through the redaction module (the
 * files are redacted already when they are written).
 *
 * @module
 */
import { formatList } from "../core/format_list.ts";
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { configPaths } from "../config/paths.ts";
import { inputHistoryPath } from "./input_history.ts";
import { type Conversation, conversationTitle } from "./conversation.ts";
import { checkConversationId } from "./conversation_id.ts";
import { ConversationStore } from "./conversation_store.ts";

/** Every `history` verb with its parsed inputs. */
export type HistoryRequest =
  | { verb: "list"; json: boolean }
  | { verb: "show"; id: string; json: boolean }
  | { verb: "search"; text: string; json: boolean }
  | { verb: "rm"; ids: string[] }
  | { verb: "export"; ids: string[] }
  | { verb: "purge"; yes: boolean; json: boolean };

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

/** Runs one `history` request. */
export async function runHistory(request: HistoryRequest, context: CliContext): Promise<void> {
  const { io } = context;
  const dir = configPaths(context.env).dir;
  const store = new ConversationStore(dir, { now: context.now });
  const json = (value: unknown) => io.write(`${JSON.stringify(value, null, 2)}\n`);
  switch (request.verb) {
    case "list": {
      const { conversations, warnings } = await store.list();
      for (const warning of warnings) io.message("warn", warning);
      const summaries = conversations.map(summarizeConversation);
      if (request.json) return await json(summaries);
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
      return;
    }
    case "search": {
      const { runHistorySearch } = await import("./run_history_search.ts");
      return await runHistorySearch(request, store, io);
    }
    case "show": {
      const conversation = await store.read(request.id);
      if (request.json) return await json(conversation);
      await io.write(formatConversation(conversation));
      return;
    }
    case "rm": {
      for (const id of request.ids) checkConversationId(id);
      for (const id of request.ids) {
        if (!await store.remove(id)) {
          throw new UsageError(`No conversation "${id}": list them with "omn history list"`);
        }
        io.message("info", `Removed conversation ${id}`);
      }
      return;
    }
    case "export": {
      let conversations: Conversation[];
      if (request.ids.length === 0) {
        const listed = await store.list();
        for (const warning of listed.warnings) io.message("warn", warning);
        conversations = listed.conversations;
      } else {
        for (const id of request.ids) checkConversationId(id);
        conversations = [];
        for (const id of request.ids) conversations.push(await store.read(id));
      }
      return await json({
        version: 1,
        exported_at: context.now().toISOString(),
        conversations,
      });
    }
    case "purge": {
      if (!request.yes) {
        throw new UsageError(
          'Refusing to remove every conversation without confirmation: run "omn history purge --yes"',
        );
      }
      const removed = await store.removeAll();
      let inputHistory = true;
      await Deno.remove(inputHistoryPath(dir)).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        inputHistory = false;
      });
      if (request.json) return await json({ removed, input_history_removed: inputHistory });
      io.message(
        "info",
        `Removed ${removed} conversation${removed === 1 ? "" : "s"}` +
          (inputHistory ? " and the chat input history" : ""),
      );
      return;
    }
  }
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
  }
  return `${lines.join("\n")}\n`;
}

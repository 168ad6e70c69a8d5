/**
 * `omn history search`: the conversations whose system prompt or messages
 * hold a text, with the lines that hold it. Pure: the conversations come in,
 * the matches go out. What it searches is what is stored, which is already
 * redacted, so a secret can be neither found nor shown by searching.
 *
 * @module
 */
import { type Conversation, conversationTitle } from "./conversation.ts";

/** One line that holds the text. */
export interface SearchMatch {
  /** Where the line is: the system prompt or a message. */
  role: "system" | "user" | "assistant";
  /** The message's position in the conversation (0-based), `null` for the system prompt. */
  message: number | null;
  /** The line's number in that text (1-based). */
  line: number;
  /** The line, trimmed, shortened around the match when longer than the width. */
  text: string;
}

/** A conversation that holds the text. */
export interface ConversationMatches {
  id: string;
  updated_at: string;
  provider: string | null;
  model: string | null;
  title: string;
  matches: SearchMatch[];
}

/** The longest line shown (characters), so a huge pasted line stays readable. */
export const MATCH_WIDTH = 160;

/**
 * The conversations holding `text` (case-insensitively), in the order given,
 * each with its matching lines.
 */
export function searchConversations(
  conversations: readonly Conversation[],
  text: string,
): ConversationMatches[] {
  const needle = text.toLowerCase();
  const found: ConversationMatches[] = [];
  for (const conversation of conversations) {
    const matches: SearchMatch[] = [];
    const scan = (content: string, role: SearchMatch["role"], message: number | null) => {
      content.split("\n").forEach((line, index) => {
        const at = line.toLowerCase().indexOf(needle);
        if (at !== -1) {
          matches.push({ role, message, line: index + 1, text: excerpt(line, at, needle.length) });
        }
      });
    };
    if (conversation.system !== undefined) scan(conversation.system, "system", null);
    conversation.messages.forEach((message, index) => scan(message.content, message.role, index));
    if (matches.length === 0) continue;
    found.push({
      id: conversation.id,
      updated_at: conversation.updated_at,
      provider: conversation.provider ?? null,
      model: conversation.model ?? null,
      title: conversationTitle(conversation),
      matches,
    });
  }
  return found;
}

/** The line trimmed, and cut to {@linkcode MATCH_WIDTH} around the match when longer. */
function excerpt(line: string, at: number, length: number): string {
  if (line.trim().length <= MATCH_WIDTH) return line.trim();
  const start = Math.max(
    0,
    Math.min(at - Math.floor((MATCH_WIDTH - length) / 2), line.length - MATCH_WIDTH),
  );
  const end = Math.min(line.length, start + MATCH_WIDTH);
  return `${start > 0 ? "…" : ""}${line.slice(start, end).trim()}${end < line.length ? "…" : ""}`;
}

/** The matches as text: each conversation's summary line, then its matching lines, indented. */
export function formatMatches(found: readonly ConversationMatches[]): string {
  const lines: string[] = [];
  for (const conversation of found) {
    const model = conversation.provider
      ? `${conversation.provider}/${conversation.model ?? "?"}`
      : "-";
    lines.push(
      `${conversation.id}  ${
        conversation.updated_at.slice(0, 16).replace("T", " ")
      }  ${model}  ${conversation.title}`,
    );
    for (const match of conversation.matches) {
      const where = match.message === null ? "system" : `${match.role} #${match.message + 1}`;
      lines.push(`  ${where}:${match.line}: ${match.text}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

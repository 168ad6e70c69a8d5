/**
 * A stored conversation: its messages, the provider and model that answered
 * last, and its system prompt. Pure: parsing and building, no I/O.
 *
 * @module
 */
import { redactExcerpt } from "../security/redact_excerpt.ts";
import type { ChatMessage } from "../providers/language_model.ts";

/** The conversation file format version this build reads and writes. */
export const CONVERSATION_VERSION = 1;

/**
 * A conversation, as stored (checked against `ConversationSchema` of
 * `parse_conversation.ts`, which loads zod only when a file is read).
 */
export type Conversation = {
  version: typeof CONVERSATION_VERSION;
  id: string;
  /** ISO 8601 date and time, with its offset. */
  created_at: string;
  /** ISO 8601 date and time, with its offset. */
  updated_at: string;
  provider?: string | undefined;
  model?: string | undefined;
  system?: string | undefined;
  messages: {
    role: "user" | "assistant";
    content: string;
    /** What was attached to the message (`ask --attach-type`): never its bytes. */
    attachment?: { type: string; size: number; sha256: string } | undefined;
  }[];
};

/** The fields of a conversation file, in the order they are written. */
export const CONVERSATION_FIELDS: readonly (keyof Conversation)[] = [
  "version",
  "id",
  "created_at",
  "updated_at",
  "provider",
  "model",
  "system",
  "messages",
];

/** A new, empty conversation. */
export function newConversation(
  id: string,
  now: Date,
  fields: { provider?: string; model?: string; system?: string } = {},
): Conversation {
  const time = now.toISOString();
  const conversation: Conversation = {
    version: CONVERSATION_VERSION,
    id,
    created_at: time,
    updated_at: time,
    messages: [],
  };
  if (fields.provider !== undefined) conversation.provider = fields.provider;
  if (fields.model !== undefined) conversation.model = fields.model;
  if (fields.system !== undefined) conversation.system = fields.system;
  return conversation;
}

/**
 * The messages of a conversation in the shape models take: their text only
 * (an attachment's bytes were never stored, so it is not sent again).
 */
export function conversationMessages(conversation: Conversation): ChatMessage[] {
  return conversation.messages.map((message) => ({
    role: message.role,
    content: message.content,
  }));
}

/**
 * A one-line title: the start of the first user message, redacted whole
 * before it is cut (a secret the cut would split is masked first).
 */
export function conversationTitle(conversation: Conversation, width = 60): string {
  const first = conversation.messages.find((message) => message.role === "user")?.content ?? "";
  return redactExcerpt(first, width - 1, { oneLine: true });
}

/**
 * A stored conversation: its messages, the provider and model that answered
 * last, and its system prompt. Pure: parsing and building, no I/O.
 *
 * @module
 */
import { z } from "zod";
import { RefusalError } from "../core/errors.ts";
import { describeIssues } from "../config/schema.ts";
import { describeJsonError } from "../config/describe_json_error.ts";
import { redactExcerpt } from "../security/redact_excerpt.ts";
import type { ChatMessage } from "../providers/language_model.ts";
import { CONVERSATION_ID_PATTERN } from "./conversation_id.ts";

/** The conversation file format version this build reads and writes. */
export const CONVERSATION_VERSION = 1;

/** Schema of one conversation file. */
export const ConversationSchema = z.strictObject({
  version: z.literal(CONVERSATION_VERSION),
  id: z.string().regex(CONVERSATION_ID_PATTERN),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  provider: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  system: z.string().optional(),
  messages: z.array(z.strictObject({
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    /** What was attached to the message (`ask --attach-type`): never its bytes. */
    attachment: z.strictObject({
      type: z.string().min(1),
      size: z.number().int().nonnegative(),
      sha256: z.string(),
    }).optional(),
  })),
});

/** A conversation, as stored. */
export type Conversation = z.infer<typeof ConversationSchema>;

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

/**
 * Parses the text of a conversation file.
 *
 * @throws {RefusalError} naming the file when it is not a valid conversation.
 */
export function parseConversation(text: string, path: string): Conversation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RefusalError(
      `Cannot parse conversation "${path}": ${describeJsonError(text, error)}`,
    );
  }
  const result = ConversationSchema.safeParse(value);
  if (!result.success) {
    throw new RefusalError(
      `Cannot read conversation "${path}": ${describeIssues(result.error.issues)}`,
    );
  }
  return result.data;
}

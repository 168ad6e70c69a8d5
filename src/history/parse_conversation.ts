/**
 * Parsing and checking the text of a conversation file: the one part of
 * `src/history/` that needs zod, loaded when a conversation is read.
 *
 * @module
 */
import { z } from "zod";
import { RefusalError } from "../core/errors.ts";
import { describeIssues } from "../config/schema.ts";
import { describeJsonError } from "../config/describe_json_error.ts";
import { CONVERSATION_ID_PATTERN } from "./conversation_id.ts";
import { type Conversation, CONVERSATION_VERSION } from "./conversation.ts";

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

/** The schema's type and {@linkcode Conversation} are one type (a compile error otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameType: Same<z.infer<typeof ConversationSchema>, Conversation> = true;

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

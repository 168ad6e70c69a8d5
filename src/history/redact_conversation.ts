/**
 * What a conversation looks like on disk: every text in it passed through
 * the redaction module, so a secret typed into a prompt, or sent with
 * `--on-secret allow`, is stored only in its masked form.
 *
 * @module
 */
import { redact } from "../security/redact.ts";
import type { Conversation } from "./conversation.ts";

/**
 * A copy of `conversation` with its system prompt and every message redacted.
 *
 * @example
 * ```ts
 * import { redactConversation } from "./redact_conversation.ts";
 * import { newConversation } from "./conversation.ts";
 * const conversation = newConversation("notes", new Date());
 * conversation.messages.push({ role: "user", content: "Authorization: Bearer abc.def" });
 * redactConversation(conversation).messages[0].content; // "Authorization: Bearer ***"
 * ```
 */
export function redactConversation(conversation: Conversation): Conversation {
  const { version, id, created_at, updated_at, provider, model, system } = conversation;
  return {
    version,
    id,
    created_at,
    updated_at,
    ...(provider === undefined ? {} : { provider }),
    ...(model === undefined ? {} : { model }),
    ...(system === undefined ? {} : { system: redact(system) }),
    messages: conversation.messages.map((message) => ({
      role: message.role,
      content: redact(message.content),
    })),
  };
}

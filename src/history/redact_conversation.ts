/**
 * What a conversation looks like on disk: every text in it passed through
 * the redaction module — the messages, the system prompt, the model id, the
 * provider and any field added later — so a secret typed into a prompt or a
 * flag, or sent with `--on-secret allow`, is stored only in its masked form.
 *
 * @module
 */
import { redact } from "../security/redact.ts";
import { type Conversation, CONVERSATION_FIELDS } from "./conversation.ts";

/** Fields whose format the schema fixes (they name the file and order the list): kept as they are. */
const FIXED_FORMAT_FIELDS = new Set(["version", "id", "created_at", "updated_at"]);

/** `value` with every string in it, at any depth, redacted. */
function redactEveryString(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactEveryString);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key, redactEveryString(field)]),
    );
  }
  return value;
}

/**
 * A copy of `conversation` with every field redacted, but for the fields of
 * fixed format (version, id and the two times), its fields in the schema's order.
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
  const keys = [
    ...new Set([...CONVERSATION_FIELDS, ...Object.keys(conversation)]),
  ];
  return Object.fromEntries(
    keys.filter((key) =>
      Object.hasOwn(conversation, key) && conversation[key as keyof Conversation] !== undefined
    )
      .map((key) => {
        const field = conversation[key as keyof Conversation];
        return [key, FIXED_FORMAT_FIELDS.has(key) ? field : redactEveryString(field)];
      }),
  ) as Conversation;
}

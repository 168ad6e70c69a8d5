/**
 * Conversation ids: the name of a conversation's file, so they are checked
 * before any path is built from them.
 *
 * An id is a UUID (`omn ask` and `omn chat` name each new conversation with
 * one, and `--output json` reports it as `session_id`) or a name given with
 * `/save NAME`: 1 to 64 letters, digits, `_` and `-`, starting with a letter
 * or digit. No dot, slash, backslash or colon can appear, so an id never
 * leaves the conversations directory, names a hidden file or carries an
 * extension; Windows device names are refused too.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { quoteName } from "../security/quote_input.ts";

/** What a conversation id may look like. */
export const CONVERSATION_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Whether `id` is a valid conversation id. */
export function isConversationId(id: string): boolean {
  return CONVERSATION_ID_PATTERN.test(id) && !DEVICE_NAMES.test(id);
}

/**
 * Returns `id` when it is a valid conversation id.
 *
 * @example
 * ```ts
 * import { checkConversationId } from "./conversation_id.ts";
 * checkConversationId("release-notes"); // "release-notes"
 * // checkConversationId("../config") throws a UsageError
 * ```
 *
 * @throws {UsageError} when it is not.
 */
export function checkConversationId(id: string): string {
  if (isConversationId(id)) return id;
  const shown = quoteName(id, "id");
  throw new UsageError(
    `Invalid conversation id ${shown}: expected 1 to 64 letters, digits, "_" and "-", ` +
      "starting with a letter or digit",
  );
}

/** A new conversation id (a random UUID). */
export function newConversationId(): string {
  return crypto.randomUUID();
}

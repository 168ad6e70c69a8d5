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

/**
 * A new conversation id, for a conversation created at `now`: a version 7
 * UUID (RFC 9562), whose first 48 bits are `now` in milliseconds since the
 * epoch and whose other 74 free bits are random. The time lets `prune` pass
 * over the conversations created within the retention without reading
 * their files ({@linkcode conversationIdTime}).
 */
export function newConversationId(now: Date = new Date()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const time = Math.min(Math.max(Math.trunc(now.getTime()), 0), MAX_UUID_TIME);
  for (let index = 0; index < 6; index++) {
    bytes[index] = Math.floor(time / 2 ** (8 * (5 - index))) % 256;
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

/** The latest time a version 7 UUID holds (48 bits of milliseconds). */
const MAX_UUID_TIME = 2 ** 48 - 1;

/** A version 7 UUID as {@linkcode newConversationId} writes it (lower case). */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The creation time (milliseconds since the epoch) that an id made by
 * {@linkcode newConversationId} carries; `undefined` for any other id (a
 * name given with `/save`, a random UUID of an older omn). A name can be
 * chosen to look like one, so a caller trusts the time only as far as it
 * can: `prune` passes over a file unread only for a time between its
 * cutoff and now, and `/save` refuses a new name that claims a time after
 * now (its file, written now, would outlive the retention by the
 * difference).
 */
export function conversationIdTime(id: string): number | undefined {
  if (!UUID_V7.test(id)) return undefined;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

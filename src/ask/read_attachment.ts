/**
 * Reads the attachment of `omn ask --attach-type` from stdin, as bytes:
 * never more than the limit and one byte (so memory stays bounded), and
 * checks that the bytes are what the type says.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import {
  ATTACH_EXAMPLE,
  type Attachment,
  ATTACHMENT_TYPES,
  type AttachTypeFlag,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_LABEL,
} from "./attachment_types.ts";
import { detectMediaType } from "./detect_media_type.ts";

export { ATTACH_EXAMPLE };

/** Options of {@linkcode readAttachment}. */
export interface ReadAttachmentOptions {
  /** `--attach-type`: the type the bytes must have, or `auto`. */
  type: AttachTypeFlag;
  /** Most bytes accepted; {@linkcode MAX_ATTACHMENT_BYTES} when absent. */
  limit?: number;
  /** How the limit is shown in the error; {@linkcode MAX_ATTACHMENT_LABEL} when absent. */
  limitLabel?: string;
}

/**
 * Reads at most `limit + 1` bytes of `stdin`; `undefined` when there were
 * more than `limit` (the rest is left unread and the stream cancelled).
 */
export async function readBounded(
  stdin: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | undefined> {
  const reader = stdin.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** SHA-256 of `bytes`, lowercase hex. */
export async function sha256Of(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads stdin as the attachment.
 *
 * @throws {UsageError} (exit 2) when stdin is empty or longer than the
 * limit, when `auto` finds no known type, and when the bytes are not of
 * the type given.
 */
export async function readAttachment(
  stdin: ReadableStream<Uint8Array>,
  options: ReadAttachmentOptions,
): Promise<Attachment> {
  const limit = options.limit ?? MAX_ATTACHMENT_BYTES;
  const data = await readBounded(stdin, limit);
  if (data === undefined) {
    throw new UsageError(
      `Cannot attach stdin: it is larger than the ${
        options.limitLabel ?? MAX_ATTACHMENT_LABEL
      } limit of attachments; send a smaller file`,
    );
  }
  if (data.length === 0) {
    throw new UsageError(`Cannot attach stdin: it is empty; pipe the file in (${ATTACH_EXAMPLE})`);
  }
  const detected = detectMediaType(data);
  if (options.type === "auto" && detected === undefined) {
    throw new UsageError(
      `Cannot detect the type of stdin: its first bytes are not PNG, JPEG, WebP, GIF or PDF; pass --attach-type with one of ${
        ATTACHMENT_TYPES.join(", ")
      }`,
    );
  }
  const type = options.type === "auto" ? detected! : options.type;
  if (detected !== type) {
    throw new UsageError(
      detected === undefined
        ? `Cannot attach stdin as ${type}: its first bytes are not those of ${type} nor of another type omn attaches (${
          ATTACHMENT_TYPES.join(", ")
        })`
        : `Cannot attach stdin as ${type}: its bytes are ${detected}; pass --attach-type ${detected} (or auto)`,
    );
  }
  return { type, size: data.length, sha256: await sha256Of(data), data };
}

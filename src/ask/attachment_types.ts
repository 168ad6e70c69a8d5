/**
 * The files `omn ask --attach-type` sends, and the most bytes it reads.
 *
 * @module
 */

/** The media types an attachment may have. */
export const ATTACHMENT_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "application/pdf",
] as const;

/** A media type an attachment may have. */
export type AttachmentType = typeof ATTACHMENT_TYPES[number];

/** What `--attach-type` takes: a media type, or `auto` (detected from the bytes). */
export type AttachTypeFlag = AttachmentType | "auto";

/** The values of `--attach-type`. */
export const ATTACH_TYPE_CHOICES: readonly AttachTypeFlag[] = [...ATTACHMENT_TYPES, "auto"];

/** The most bytes an attachment may have: 20 MiB (stdin is read up to one byte more). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The limit as people read it. */
export const MAX_ATTACHMENT_LABEL = "20 MiB";

/** What history, results and the audit keep of an attachment: never its bytes. */
export interface AttachmentSummary {
  type: AttachmentType;
  /** Bytes. */
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
}

/** An attachment read from stdin. */
export interface Attachment extends AttachmentSummary {
  data: Uint8Array;
}

/** The summary of an attachment (its type, size and SHA-256). */
export function summarizeAttachment(attachment: AttachmentSummary): AttachmentSummary {
  return { type: attachment.type, size: attachment.size, sha256: attachment.sha256 };
}

/** The command line the errors show as the way to attach a file. */
export const ATTACH_EXAMPLE = 'omn ask --attach-type image/png "describe this" < photo.png';

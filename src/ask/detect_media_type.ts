/**
 * The media type of an attachment, from its first bytes (its "magic
 * number"), for `--attach-type auto` and to check a given type.
 *
 * @module
 */
import type { AttachmentType } from "./attachment_types.ts";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + prefix.length &&
    prefix.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * The attachment type whose signature `bytes` start with, or `undefined`:
 * PNG (`89 50 4E 47 0D 0A 1A 0A`), JPEG (`FF D8 FF`), GIF (`GIF87a`,
 * `GIF89a`), WebP (`RIFF`, four bytes, `WEBP`), PDF (`%PDF-`).
 *
 * @example
 * ```ts
 * import { detectMediaType } from "./detect_media_type.ts";
 * detectMediaType(new TextEncoder().encode("%PDF-1.7\n")); // "application/pdf"
 * ```
 */
export function detectMediaType(bytes: Uint8Array): AttachmentType | undefined {
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  return undefined;
}

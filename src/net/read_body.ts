/**
 * Reading a response body under an abort signal: one chunk at a time, or the
 * start of an error body, bounded.
 *
 * @module
 */
import { redactTruncated } from "../security/redact_excerpt.ts";

/**
 * Reads the next chunk, or fails with the signal's reason as soon as it fires
 * (and cancels the body): an aborted fetch does not always fail a body read
 * that is already waiting.
 */
export async function readOrAbort(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason); // first, so that the race ends with it, not with the cancel's end
      reader.cancel(signal.reason).catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([reader.read(), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}

/**
 * Reads at most `limit` bytes of a body as text and drops the rest; a body
 * cut at the limit is redacted as a truncated text (its undecided tail masked).
 */
export async function readStart(
  response: Response,
  limit: number,
  signal: AbortSignal,
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const next = await readOrAbort(reader, signal);
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.length;
  }
  if (size >= limit) await reader.cancel().catch(() => {});
  const text = new TextDecoder().decode(joinChunks(chunks, size).subarray(0, limit));
  // Cut short: a secret the cut split would match no rule, so the tail that could be one is masked.
  return size >= limit ? redactTruncated(text) : text;
}

/**
 * The whole body as text when it holds at most `limit` bytes; `undefined`
 * (and the body cancelled) as soon as it holds more. For answers that must
 * be read whole and are small (a secret manager's, a token exchange's), so
 * that a server cannot make omn hold an endless one.
 */
export async function readWholeUpTo(
  response: Response,
  limit: number,
): Promise<string | undefined> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    size += next.value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(next.value);
  }
  return new TextDecoder().decode(joinChunks(chunks, size));
}

/** The chunks, `size` bytes in all, as one array. */
function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

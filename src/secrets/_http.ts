/**
 * Small helpers the secret-manager clients share: checking an endpoint
 * setting and reading a JSON answer.
 *
 * @module
 */
import { maskUrl } from "../net/mask_url.ts";
import { readWholeUpTo } from "../net/read_body.ts";
import { redactExcerpt } from "../security/redact_excerpt.ts";

/** What a manager client needs to make its requests. */
export interface ManagerFetchOptions {
  /** The secure fetch (HTTPS only, loopback excepted; the permission set's hosts). */
  fetch: typeof fetch;
}

/**
 * Parses an endpoint setting: an `http(s)://` URL without user name,
 * password, query or fragment; the trailing `/` is dropped. Whether plain
 * HTTP is allowed is the secure fetch's decision (loopback only).
 *
 * @throws {TypeError} naming `setting` when the value is not such a URL.
 */
export function parseEndpoint(value: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${setting} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`${setting} "${maskUrl(url)}" must be an https:// URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError(
      `${setting} "${maskUrl(url)}" must not hold a user name, password, query or fragment`,
    );
  }
  return url.toString().replace(/\/+$/, "");
}

/**
 * The most bytes a manager's answer is read to (1 MiB): a secret of any of
 * them is at most 64 KiB, so a longer answer is no answer of theirs, and is
 * not held.
 */
export const MAX_MANAGER_ANSWER_BYTES = 1024 * 1024;

/** The body of a response as JSON, or undefined when it is not JSON (or over 1 MiB). */
export async function readJson(response: Response): Promise<unknown> {
  const text = await readWholeUpTo(response, MAX_MANAGER_ANSWER_BYTES);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A text from a server, made safe for a one-line message: redacted whole,
 * then one line of at most 200 characters.
 */
export function oneLine(text: string): string {
  return redactExcerpt(text, 200, { oneLine: true });
}

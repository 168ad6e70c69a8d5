/**
 * The provider's own error message from a response body: the `message` of
 * the JSON error shapes providers use, the title of an HTML error page (a
 * proxy or load balancer answering for the provider), or the start of any
 * other text. The excerpts are cut only after the whole body has passed
 * through the redaction module, so a secret at the cut is masked whole.
 *
 * @module
 */
import { redactExcerpt } from "../security/redact_excerpt.ts";

/** Most characters of a text body kept in a message. */
export const TEXT_BODY_EXCERPT = 200;
/** Most characters of a JSON error's message kept (a server's endless message is cut). */
export const JSON_MESSAGE_EXCERPT = 1000;
/** Most characters of an HTML page's title kept in a message. */
export const HTML_TITLE_EXCERPT = 100;

/**
 * The provider's own error message from a response body, on one line and
 * at most {@linkcode JSON_MESSAGE_EXCERPT} characters (redacted, then cut),
 * or `undefined` when the body says nothing.
 *
 * @example
 * ```ts
 * import { providerMessage } from "./provider_message.ts";
 * providerMessage('{"error":{"message":"Rate limit reached"}}'); // "Rate limit reached"
 * providerMessage("<html><title>502 Bad Gateway</title></html>"); // 'an HTML page "502 Bad Gateway"'
 * ```
 */
export function providerMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body);
    const candidates = [
      parsed?.error?.message,
      parsed?.message,
      parsed?.Message,
      parsed?.error_description,
      typeof parsed?.error === "string" ? parsed.error : undefined,
      parsed?.detail,
      Array.isArray(parsed) ? parsed[0]?.error?.message : undefined,
    ];
    const found = candidates.find((candidate) =>
      typeof candidate === "string" && candidate.trim() !== ""
    );
    if (found === undefined) return undefined;
    return redactExcerpt(found, JSON_MESSAGE_EXCERPT, { oneLine: true }) || undefined;
  } catch {
    if (/^\s*(<!doctype html|<html|<head|<body)/i.test(body)) return htmlPageMessage(body);
    return redactExcerpt(body, TEXT_BODY_EXCERPT, { oneLine: true }) || undefined;
  }
}

function htmlPageMessage(body: string): string {
  const title = body.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1] ??
    body.match(/<h1[^>]*>([^<]*)<\/h1>/i)?.[1];
  const text = title === undefined
    ? undefined
    : redactExcerpt(title, HTML_TITLE_EXCERPT, { oneLine: true });
  return text ? `an HTML page "${text}"` : "an HTML page";
}

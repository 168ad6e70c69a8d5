/**
 * The check of a fake provider that must never receive a canary: which
 * canaries reached it, in the URL or the body of any request, whether
 * plainly or hidden by invisible, fullwidth or look-alike characters.
 *
 * @module
 */
import { normalizeForMatching } from "../../src/security/normalize_for_matching.ts";
import type { RecordedRequest } from "./_fake_server.ts";

/** The canaries found in what `requests` carried (URL and body), each once. */
export function canariesReceived(
  requests: readonly RecordedRequest[],
  canaries: readonly string[],
): string[] {
  const texts = requests.flatMap((request) => {
    const raw = `${request.url}\n${request.bodyText}`;
    const decoded = request.json === undefined ? "" : collectStrings(request.json).join("\n");
    return [raw, normalizeForMatching(raw).text, decoded, normalizeForMatching(decoded).text];
  });
  return canaries.filter((canary) => texts.some((text) => text.includes(canary)));
}

/** Every string of a JSON value, object keys included. */
function collectStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [key, ...collectStrings(item)]);
  }
  return [];
}

/**
 * The outgoing-secret guard (`--on-secret`) for the endpoint itself: a
 * base URL (`--base-url`, or `providers.NAME.base_url` of the config) is
 * part of every request, and a secret in its path, query or host would
 * reach the server (and its logs) under any policy that masks the body.
 * A masked URL is no usable endpoint, so under `redact` as under `block`
 * such a URL is refused (exit 3); under `allow` it is used, with a warning.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import type { OnSecret } from "./guard_request.ts";
import { secretKindsIn } from "../security/secret_kinds_in.ts";

/** `url` and its percent-decoded forms (decoded again while that changes it, a few times). */
function decodedForms(url: string): string[] {
  const forms = [url];
  for (let round = 0; round < 4; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(forms[forms.length - 1]);
    } catch {
      decoded = forms[forms.length - 1].replace(
        /%([0-9a-f]{2})/gi,
        (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
      );
    }
    if (decoded === forms[forms.length - 1]) break;
    forms.push(decoded);
  }
  return forms;
}

/**
 * Checks `url`, whole and percent-decoded, (named `source` in messages) under `policy`.
 *
 * @returns the warning to show under `allow`, else nothing.
 * @throws {RefusalError} under `block` and `redact` when the URL holds a
 * secret; the message names the kinds and the source, never the URL.
 *
 * @example
 * ```ts
 * import { guardBaseUrl } from "./guard_base_url.ts";
 * guardBaseUrl("http://127.0.0.1:8080/v1", "--base-url", "block"); // undefined
 * ```
 */
export function guardBaseUrl(url: string, source: string, policy: OnSecret): string | undefined {
  const kinds = [...new Set(decodedForms(url).flatMap(secretKindsIn))];
  if (kinds.length === 0) return undefined;
  if (policy === "allow") {
    return `The base URL contains secrets (${
      kinds.join(", ")
    } in ${source}); sending to it as asked by --on-secret allow`;
  }
  throw new RefusalError(
    `Request not sent: the base URL contains secrets (${
      kinds.join(", ")
    } in ${source}); remove them from the URL and store the key with "omn keys set"`,
  );
}

/**
 * A URL as it may be shown: credentials in the user-info (the user name as
 * well as the password: token-authenticated proxies and Basic auth put the
 * token in the user name) and in key-like query parameters masked.
 *
 * @module
 */

const KEY_PARAMETERS =
  /^(key|api[-_]?key|access[-_]?token|token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/**
 * The URL with its user name, password and key-like query values replaced by `***`.
 *
 * @example
 * ```ts
 * import { maskUrl } from "./mask_url.ts";
 * maskUrl("http://TOKEN@proxy.example:3128/"); // "http://***@proxy.example:3128/"
 * ```
 */
export function maskUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "<invalid URL>";
  }
  if (url.username) url.username = "***";
  if (url.password) url.password = "***";
  for (const name of [...url.searchParams.keys()]) {
    if (KEY_PARAMETERS.test(name)) url.searchParams.set(name, "***");
  }
  return url.toString().replaceAll("%2A%2A%2A", "***");
}

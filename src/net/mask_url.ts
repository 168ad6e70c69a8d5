/**
 * A URL as it may be shown: credentials in the user-info and in key-like
 * query parameters masked.
 *
 * @module
 */

const KEY_PARAMETERS =
  /^(key|api[-_]?key|access[-_]?token|token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** The URL with its password and key-like query values replaced by `***`. */
export function maskUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "<invalid URL>";
  }
  if (url.password) url.password = "***";
  for (const name of [...url.searchParams.keys()]) {
    if (KEY_PARAMETERS.test(name)) url.searchParams.set(name, "***");
  }
  return url.toString().replaceAll("%2A%2A%2A", "***");
}

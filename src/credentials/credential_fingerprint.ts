/**
 * The fingerprint that names the key a provider's requests are sent with,
 * for per-key state such as the rate limits: never the key itself.
 *
 * @module
 */
import { fingerprint } from "../security/fingerprint.ts";
import { providerCredentials } from "../permissions/provider_credentials.ts";
import type { ResolvedCredentials } from "./resolve_credentials.ts";

/**
 * The {@linkcode fingerprint} of the provider's first secret field found, in
 * the order of its credential table (the API key; for Bedrock the access key
 * id, else its API key), or `"none"` for a provider used without a key.
 *
 * @example
 * ```ts
 * import { credentialFingerprint } from "./credential_fingerprint.ts";
 * credentialFingerprint({ provider: "ollama", fields: {}, missing: [] }); // "none"
 * ```
 */
export function credentialFingerprint(credentials: ResolvedCredentials): string {
  const spec = providerCredentials(credentials.provider);
  for (const field of spec.fields) {
    const found = credentials.fields[field.field];
    if (field.secret && found) return fingerprint(found.value);
  }
  return "none";
}

/**
 * Whether a stored value is a secret reference, in a module of its own:
 * every `ask` asks it of the config's values, and the reference parser
 * (`parse_secret_ref.ts`), which only a config holding one needs, stays out
 * of the code that `ask` loads.
 *
 * @module
 */

/** The schemes of a secret reference: `env://`, `vault://`, `aws-sm://`, `azure-kv://`, `gcp-sm://`. */
export const SECRET_REF_SCHEME: RegExp = /^(env|vault|aws-sm|azure-kv|gcp-sm):\/\//;

/**
 * Whether a stored value is meant as a reference: it starts with one of the
 * schemes (`env://`, `vault://`, `aws-sm://`, `azure-kv://`, `gcp-sm://`).
 * It may still be malformed; `parseSecretRef` (`parse_secret_ref.ts`) says how.
 *
 * @example
 * ```ts
 * import { isSecretRef } from "./is_secret_ref.ts";
 * isSecretRef("vault://secret/openai#api_key"); // true
 * isSecretRef("sk-proj-…"); // false
 * ```
 */
export function isSecretRef(value: string): boolean {
  return SECRET_REF_SCHEME.test(value);
}

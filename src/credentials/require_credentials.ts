/**
 * Turns resolved credentials into a refusal when they cannot be used.
 *
 * @module
 */

import { RefusalError } from "../core/errors.ts";
import { checkCredentialSet } from "./key_formats.ts";
import {
  type CredentialFieldName,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import {
  missingCredentialMessage,
  type ResolvedCredentials,
  type ResolvedField,
} from "./resolve_credentials.ts";

function describeOrigin(field: ResolvedField): string {
  switch (field.source) {
    case "env":
      return ` from ${field.variable}`;
    case ".env":
      return ` from ${field.variable} in ./.env`;
    case "config-dir .env":
      return ` from ${field.variable} in the .env of the config directory`;
    case "config":
      return " from the config file";
    case "config (encrypted)":
      return " from the config file (decrypted)";
    default:
      return ` from the secret reference "${field.variable}"`;
  }
}

/**
 * Returns `resolved` when the provider has every credential it needs in the
 * right shape; otherwise throws a {@linkcode RefusalError} (exit 3) whose
 * message names the fix or the expected shape and where the value came
 * from, never the value.
 *
 * @example
 * ```ts ignore
 * import { requireCredentials } from "./require_credentials.ts";
 * import { resolveCredentials } from "./resolve_credentials.ts";
 * const credentials = requireCredentials(resolveCredentials("openai", sources));
 * ```
 */
export function requireCredentials(resolved: ResolvedCredentials): ResolvedCredentials {
  if (resolved.missing.length > 0) {
    throw new RefusalError(missingCredentialMessage(resolved.provider, resolved.missing));
  }
  const values: Record<string, string> = {};
  for (const [field, resolvedField] of Object.entries(resolved.fields)) {
    if (resolvedField !== undefined) values[field] = resolvedField.value;
  }
  const result = checkCredentialSet(resolved.provider, values);
  if (!result.ok) {
    const spec = providerCredentials(resolved.provider);
    const fieldSpec = spec.fields.find((candidate) => candidate.field === result.field);
    const resolvedField = resolved.fields[result.field as CredentialFieldName];
    const label = fieldSpec?.label ?? "credentials";
    const origin = resolvedField === undefined ? "" : describeOrigin(resolvedField);
    throw new RefusalError(
      `Refusing the ${label} for ${resolved.provider}${origin}: ${result.rule}`,
    );
  }
  return resolved;
}

/**
 * Throws a {@linkcode RefusalError} (exit 3) when the key of a custom
 * (OpenAI-compatible) endpoint, which may have none, is malformed or too
 * short for the redaction module to mask (`checkKeyFormat`). Every request
 * that sends a custom endpoint's key checks it first: `ask` and the others
 * (through `createModel`) and `omn models NAME --refresh`.
 */
export function requireCustomKeyFormat(resolved: ResolvedCredentials): void {
  const values: Record<string, string> = {};
  for (const [field, found] of Object.entries(resolved.fields)) {
    if (found !== undefined) values[field] = found.value;
  }
  const check = checkCredentialSet(resolved.provider, values);
  if (!check.ok) {
    throw new RefusalError(`Refusing the key for ${resolved.provider}: ${check.rule}`);
  }
}

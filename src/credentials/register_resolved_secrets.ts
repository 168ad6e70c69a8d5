/**
 * Hands every resolved secret to the redaction module, so that it is masked
 * in all output. The registering function is passed in (in the program,
 * `registerSecret` from `src/security/redact.ts`), which keeps the
 * credential modules free of the redactor and lets tests use a spy.
 *
 * @module
 */

import { providerCredentials } from "../permissions/provider_credentials.ts";
import type { ResolvedCredentials } from "./resolve_credentials.ts";

/** Registers one secret value; `kind` names what it is. */
export type RegisterSecret = (value: string, kind: string) => void;

/**
 * Registers the value of every secret field of `resolved`, with kind
 * `<provider>/<field>` (e.g. `bedrock/secret_access_key`). For a Vertex
 * service account key, its `private_key` is registered on its own too
 * (kind `vertex/service_account/private_key`). Settings that are not
 * secrets (the AWS region, the path of a service account file) are not
 * registered.
 *
 * @example
 * ```ts
 * import { registerResolvedSecrets } from "./register_resolved_secrets.ts";
 * import { resolveCredentials } from "./resolve_credentials.ts";
 * const resolved = resolveCredentials("openai", {
 *   env: (name) => Deno.env.get(name),
 *   dotenvCwd: {},
 *   dotenvConfig: {},
 *   config: undefined,
 * });
 * registerResolvedSecrets(resolved, (value, kind) => {
 *   // registerSecret(value, kind) from src/security/redact.ts
 * });
 * ```
 */
export function registerResolvedSecrets(
  resolved: ResolvedCredentials,
  register: RegisterSecret,
): void {
  for (const fieldSpec of providerCredentials(resolved.provider).fields) {
    const field = resolved.fields[fieldSpec.field];
    if (!fieldSpec.secret || field === undefined) continue;
    const kind = `${resolved.provider}/${fieldSpec.field}`;
    register(field.value, kind);
    if (fieldSpec.field === "service_account") {
      const privateKey = privateKeyOf(field.value);
      if (privateKey !== undefined) register(privateKey, `${kind}/private_key`);
    }
  }
}

/** The `private_key` of a service account key's JSON text, if it has one. */
function privateKeyOf(json: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const privateKey = (parsed as Record<string, unknown>).private_key;
    return typeof privateKey === "string" && privateKey !== "" ? privateKey : undefined;
  } catch {
    return undefined;
  }
}

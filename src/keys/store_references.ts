/**
 * Stores secret references (`omn keys set PROVIDER --ref REF…`), never their values.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import type { ProviderConfig } from "../config/schema.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret } from "../security/redact.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import { loadSecretResolver } from "../credentials/load_credential_sources.ts";
import type { CredentialFieldName } from "../permissions/provider_credentials.ts";
import {
  afterStore,
  configKeyOf,
  storableProvider,
  STORED_SECRET_KEYS,
  storedSecrets,
} from "./_stored_keys.ts";
import { purgeBackups } from "./purge_backups.ts";

/** The credential fields that `--ref` references fill, in order, given what they resolve to. */
function referenceFields(provider: string, values: readonly string[]): CredentialFieldName[] {
  if (provider === "bedrock") {
    if (values.length === 1 && /^(ABSK|bedrock-api-key-)/.test(values[0])) return ["api_key"];
    if (values.length === 2 || values.length === 3) {
      return ["access_key_id", "secret_access_key", "session_token"].slice(
        0,
        values.length,
      ) as CredentialFieldName[];
    }
    throw new UsageError(
      "bedrock takes one --ref to a Bedrock API key, or --ref for the access key id, the secret access key and optionally the session token, in that order",
    );
  }
  if (values.length !== 1) throw new UsageError(`${provider} takes one --ref`);
  return [provider === "vertex" ? "service_account" : "api_key"];
}

/**
 * `omn keys set PROVIDER --ref REF…`: resolves each reference once, checks
 * what it holds by the provider's key format, and stores the references,
 * never the values.
 */
export async function storeReferences(
  request: { provider: string; refs: readonly string[]; stdin: boolean },
  context: CliContext,
): Promise<void> {
  if (request.stdin) {
    throw new UsageError("Choose --ref or --stdin: a reference is stored instead of a key");
  }
  const { store, config, profile } = await readConfig(context);
  const provider = storableProvider(request.provider, config);
  const resolve = await loadSecretResolver(context, store.paths, config);
  const resolved = await Promise.all(request.refs.map((ref) => resolve(ref)));
  const fields = referenceFields(provider, resolved.map(({ value }) => value));
  const values = Object.fromEntries(fields.map((field, index) => [field, resolved[index].value]));
  const check = checkCredentialSet(provider, values);
  if (!check.ok) {
    const index = fields.indexOf(check.field as CredentialFieldName);
    const ref = resolved[Math.max(index, 0)].ref.text;
    throw new RefusalError(
      `Refusing the secret reference "${ref}" for ${provider} (${check.field}): what it holds is not a valid key: ${check.rule}`,
    );
  }
  const old = new Set(storedSecrets(config.providers?.[provider]));
  const now = context.now().toISOString();
  await store.update((current) => {
    const next = structuredClone(current);
    next.providers ??= {};
    const entry: ProviderConfig = { ...next.providers[provider] };
    for (const key of STORED_SECRET_KEYS) delete entry[key];
    fields.forEach((field, index) => {
      entry[configKeyOf(provider, field)] = resolved[index].ref.text;
    });
    entry.key_updated_at = now;
    next.providers[provider] = entry;
    return next;
  }, { reason: `set ${provider} key reference` });
  for (const { ref } of resolved) old.delete(ref.text);
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: "keys set",
    event: "key.set",
    provider,
    fingerprint: fingerprint(resolved[0].value),
    source: resolved.map(({ ref }) => ref.text).join(", "),
    previous: [...old].map(fingerprint),
  });
  const shown = resolved.map(({ ref, value }) =>
    `"${ref.text}" (${maskSecret(value)}, ${fingerprint(value)})`
  ).join(", ");
  context.io.message(
    "info",
    `Stored the ${provider} key as the reference ${shown} in profile "${profile}" of ${store.paths.file}; its value was not written`,
  );
  afterStore(context, provider, old.size > 0 ? purged : undefined, "reference");
}

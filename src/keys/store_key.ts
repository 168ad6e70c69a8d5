/**
 * Stores a key typed at a hidden prompt or piped on stdin (`omn keys set` and
 * `omn keys rotate`); the replaced key is purged from every backup.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { readHiddenLine, readSecretFromStdin } from "../core/read_secret_input.ts";
import type { ProviderConfig } from "../config/schema.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret, registerSecret } from "../security/redact.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import {
  type CredentialFieldName,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import { sealNewKey } from "../keystore/seal_new_key.ts";
import {
  afterStore,
  configKeyOf,
  storableProvider,
  STORED_SECRET_KEYS,
  type StoredSecretKey,
  storedSecrets,
} from "./_stored_keys.ts";
import { purgeBackups } from "./purge_backups.ts";

/** Splits what the user typed or piped into the provider's credential fields. */
function fieldsFromInput(
  provider: string,
  lines: string[],
): Partial<Record<CredentialFieldName, string>> {
  if (provider === "vertex") return { service_account: lines.join("\n") };
  if (provider === "bedrock") {
    const [first = "", second, third] = lines.map((line) => line.trim()).filter((line) =>
      line !== ""
    );
    if (/^(ABSK|bedrock-api-key-)/.test(first)) return { api_key: first };
    return { access_key_id: first, secret_access_key: second, session_token: third };
  }
  return { api_key: lines.join("\n") };
}

async function readKeyInput(
  provider: string,
  stdin: boolean,
  context: CliContext,
): Promise<Partial<Record<CredentialFieldName, string>>> {
  if (stdin) {
    const text = await readSecretFromStdin(context.io);
    return fieldsFromInput(provider, provider === "vertex" ? [text] : text.split(/\r?\n/));
  }
  if (provider === "vertex") {
    throw new UsageError(
      "A service account key is a JSON file: omn keys set vertex --stdin < key.json",
    );
  }
  if (provider === "bedrock") {
    const id = await readHiddenLine(context.io, "AWS access key id (or Bedrock API key):");
    if (/^(ABSK|bedrock-api-key-)/.test(id)) return { api_key: id };
    const secret = await readHiddenLine(context.io, "AWS secret access key:");
    const token = await readHiddenLine(context.io, "AWS session token (empty for none):");
    return { access_key_id: id, secret_access_key: secret, session_token: token || undefined };
  }
  return {
    api_key: await readHiddenLine(
      context.io,
      `${providerCredentials(provider).displayName} API key:`,
    ),
  };
}

/** Reads, checks, seals and stores a key; `rotate` requires one stored already. */
export async function storeKey(
  request: { provider: string; stdin: boolean; rotate: boolean; encrypt?: boolean },
  context: CliContext,
): Promise<void> {
  const { store, config, profile } = await readConfig(context);
  const provider = storableProvider(request.provider, config);
  const old = new Set(storedSecrets(config.providers?.[provider]));
  if (request.rotate && old.size === 0) {
    throw new RefusalError(
      `No stored key for ${provider} in profile "${profile}" to rotate: store one with omn keys set ${provider}`,
    );
  }
  const fields = await readKeyInput(provider, request.stdin, context);
  for (const value of Object.values(fields)) if (value) registerSecret(value, provider);
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value));
  if (Object.keys(present).length === 0) {
    throw new RefusalError(`No key given for ${provider}: nothing was stored`);
  }
  const check = checkCredentialSet(provider, present);
  if (!check.ok) {
    throw new RefusalError(`Key refused for ${provider} (${check.field}): ${check.rule}`);
  }
  const sealed = await sealNewKey(
    context,
    (await store.read()).config,
    provider,
    Object.fromEntries(
      Object.entries(present).map((
        [field, value],
      ) => [configKeyOf(provider, field as CredentialFieldName), value]),
    ),
    { encrypt: request.encrypt, profile },
  );
  const now = context.now().toISOString();
  await store.update((current) => {
    const next = structuredClone(current);
    next.providers ??= {};
    const entry: ProviderConfig = { ...next.providers[provider] };
    for (const key of STORED_SECRET_KEYS) delete entry[key];
    for (const [key, text] of Object.entries(sealed.texts)) entry[key as StoredSecretKey] = text;
    entry.key_updated_at = now;
    next.providers[provider] = entry;
    return next;
  }, { reason: `${request.rotate ? "rotate" : "set"} ${provider} key` });
  for (const value of Object.values(present)) old.delete(value);
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: `keys ${request.rotate ? "rotate" : "set"}`,
    event: request.rotate ? "key.rotated" : "key.set",
    provider,
    fingerprint: fingerprint(Object.values(present)[0]),
    previous: [...old].map(fingerprint),
    ...(sealed.encrypted ? { source: "config (encrypted)" } : {}),
  });
  const shown = Object.values(present).map((value) =>
    `${maskSecret(value)} (${fingerprint(value)})`
  ).join(", ");
  context.io.message(
    "info",
    `Stored the ${provider} key ${shown} in profile "${profile}" of ${store.paths.file}${
      sealed.encrypted ? ", encrypted" : ""
    }`,
  );
  afterStore(context, provider, old.size > 0 ? purged : undefined, "key");
}

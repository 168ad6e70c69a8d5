/**
 * Doctor: where each key comes from, its format, and its age against the
 * rotation schedule. Pure over the resolved credentials.
 *
 * @module
 */
import { checkCredentialSet } from "../credentials/key_formats.ts";
import { keyAgeDays, ROTATION_DAYS } from "../credentials/key_age.ts";
import type { SourcesFor } from "../credentials/load_credential_sources.ts";
import {
  type CredentialFieldSpec,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import {
  type CredentialSources,
  resolveCredentials,
  type ResolvedField,
} from "../credentials/resolve_credentials.ts";
import { isEncryptedValue } from "../config/envelope.ts";
import { PASSPHRASE_ENV, PassphraseUnavailableError } from "../keystore/passphrase.ts";
import { fingerprint } from "../security/fingerprint.ts";
import type { DoctorCheck } from "./doctor_check.ts";

function where(found: ResolvedField): string {
  switch (found.source) {
    case "env":
      return `the environment (${found.variable})`;
    case ".env":
      return `./.env (${found.variable})`;
    case "config-dir .env":
      return `the config directory's .env (${found.variable})`;
    case "config":
      return "the config file";
    case "config (encrypted)":
      return "the config file, encrypted";
    default:
      return `the secret reference ${found.variable} (${found.source})`;
  }
}

/** Whether a credential was read from a file on this machine (not the environment or a secret manager). */
function fromFile(found: ResolvedField): boolean {
  return stored(found) || found.source === ".env" || found.source === "config-dir .env";
}

/** Whether a credential is the one stored in the config file, plain or encrypted. */
function stored(found: ResolvedField): boolean {
  return found.source === "config" || found.source === "config (encrypted)";
}

/** Whether `found` is the config file's own entry: a stored key, or the secret reference it holds. */
function fromConfigFile(
  found: ResolvedField,
  sources: CredentialSources,
  configKey: string,
): boolean {
  const reference = sources.references?.[configKey];
  return stored(found) ||
    (reference !== undefined && found.source === reference.kind &&
      found.variable === reference.text);
}

/**
 * For each provider that has a key: where the key comes from (the
 * environment passes; a file warns, since a key in the environment of the
 * one process that needs it never rests on disk), whether a stored key is
 * shadowed by the environment (and so only a liability), whether its format
 * is right, and how old a stored key is against the 30-day schedule
 * (keys from the environment or a `.env` carry no date: `unknown`).
 */
export function checkKeySources(
  providers: readonly string[],
  sourcesFor: SourcesFor,
  now: Date,
): DoctorCheck[] {
  return providers.flatMap((provider) => checkProviderKeys(provider, sourcesFor, now));
}

/** The checks of one provider's keys: its sources cannot be read, or each secret field, then the format. */
function checkProviderKeys(provider: string, sourcesFor: SourcesFor, now: Date): DoctorCheck[] {
  const spec = providerCredentials(provider);
  let sources: CredentialSources;
  try {
    sources = sourcesFor(provider);
  } catch (error) {
    return [unreadableSourcesCheck(provider, error)];
  }
  const resolved = resolveCredentials(provider, sources);
  const secrets = spec.fields.filter((field) => field.secret && resolved.fields[field.field]);
  if (secrets.length === 0) return [];
  const checks = secrets.flatMap((field) =>
    checkKeyField(provider, field, resolved.fields[field.field]!, sources, now)
  );
  const values = Object.fromEntries(
    Object.entries(resolved.fields).map(([field, found]) => [field, found!.value]),
  );
  const format = checkCredentialSet(provider, values);
  if (!format.ok) {
    checks.push({
      id: `key-format.${provider}`,
      status: "fail",
      detail: `${provider} ${format.field}: ${format.rule}`,
      fix: `set a well-formed key: omn keys set ${provider} (or fix the variable)`,
    });
  }
  return checks;
}

/** A provider whose credential sources cannot be read: no passphrase (unknown), or a broken reference (fail). */
function unreadableSourcesCheck(provider: string, error: unknown): DoctorCheck {
  if (error instanceof PassphraseUnavailableError) {
    return {
      id: `key-source.${provider}`,
      status: "unknown",
      detail: `${provider}: the stored key is encrypted and no passphrase was given`,
      fix: `run omn doctor on a terminal, or with ${PASSPHRASE_ENV} set`,
    };
  }
  return {
    id: `key-source.${provider}`,
    status: "fail",
    detail: `${provider}: ${error instanceof Error ? error.message : String(error)}`,
    fix:
      `fix the secret reference or give the passphrase (OMNIMANCER_PASSPHRASE), or store the key again: omn keys set ${provider}`,
  };
}

/** The checks of one secret field: where it comes from, a stored copy it shadows, and its age. */
function checkKeyField(
  provider: string,
  field: CredentialFieldSpec,
  found: ResolvedField,
  sources: CredentialSources,
  now: Date,
): DoctorCheck[] {
  const name = `${provider} ${field.label}`;
  const checks = [keySourceCheck(provider, field, found, `${name} ${fingerprint(found.value)}`)];
  const configKey = field.configKey ?? field.field;
  const storedText = sources.config?.[configKey];
  if (
    !fromConfigFile(found, sources, configKey) && typeof storedText === "string" &&
    storedText !== ""
  ) {
    checks.push({
      id: `key-source.${provider}`,
      status: "warn",
      detail: `a stored ${name} ${
        isEncryptedValue(storedText) ? "(encrypted)" : fingerprint(storedText)
      } is never used: ${where(found)} takes precedence`,
      fix: `omn keys remove ${provider}`,
    });
  }
  checks.push(keyAgeCheck(provider, name, found, now));
  return checks;
}

/** Where a key comes from: the environment or a secret manager passes, a file warns. */
function keySourceCheck(
  provider: string,
  field: CredentialFieldSpec,
  found: ResolvedField,
  named: string,
): DoctorCheck {
  if (!fromFile(found)) {
    return {
      id: `key-source.${provider}`,
      status: "pass",
      detail: `${named} comes from ${where(found)}`,
    };
  }
  const variable = field.envNames[1] ?? field.envNames[0];
  return {
    id: `key-source.${provider}`,
    status: "warn",
    detail: `${named} comes from ${where(found)}, not from the environment`,
    fix: stored(found)
      ? `export ${variable} from your secret manager in the shell that runs omn, then omn keys remove ${provider}`
      : `export ${variable} from your secret manager instead, and delete it from that .env file`,
  };
}

/** The age of a stored key against the rotation schedule; a key from elsewhere carries no date. */
function keyAgeCheck(provider: string, name: string, found: ResolvedField, now: Date): DoctorCheck {
  const id = `key-age.${provider}`;
  if (!stored(found)) {
    return {
      id,
      status: "unknown",
      detail: `${name} comes from ${where(found)}, ${
        found.source === "env" || fromFile(found)
          ? "which records no date"
          : "whose age only the secret manager knows"
      }`,
      fix:
        `check its creation date on the provider's console; rotate it every ${ROTATION_DAYS} days`,
    };
  }
  if (found.updatedAt === undefined) {
    return {
      id,
      status: "unknown",
      detail: `${name} was stored without a date`,
      fix: `rotate it to start the ${ROTATION_DAYS}-day schedule: omn keys rotate ${provider}`,
    };
  }
  const age = keyAgeDays(found.updatedAt, now);
  const detail = `${name} is ${age} days old (rotate every ${ROTATION_DAYS} days)`;
  return age >= ROTATION_DAYS
    ? {
      id,
      status: "warn",
      detail,
      fix: `create a new key at the provider, then omn keys rotate ${provider}`,
    }
    : { id, status: "pass", detail };
}

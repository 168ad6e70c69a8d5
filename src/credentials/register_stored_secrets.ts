/**
 * Makes `omn redact` and `omn scan` know the keys omn stores, without a
 * prompt and without the network: the keys of the config file in plain
 * text (every profile), the credential variables of `./.env` (every one,
 * trusted or not: `loadWorkingDotenv` with its file checks) and of the
 * config directory's `.env` (read as every command reads them), and the
 * keys stored encrypted, by the hint their envelope carries
 * (`src/security/secret_hint.ts`). An envelope without a hint (version 1,
 * or a value too weak to be given one) is decrypted when
 * `OMNIMANCER_PASSPHRASE` is set; otherwise one warning names it and what
 * to do. A key stored as an `env://NAME` reference is read from the
 * environment; other secret references (`vault://…`) are not fetched.
 *
 * The config file is only searched for values here, never used, so it is
 * read without the schema (which would make `omn redact` start three times
 * slower): a regular file is parsed as JSON; anything else (a symlink, a
 * FIFO, a file that does not parse) is read as every command reads it,
 * with its checks, warnings and errors.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { configPaths } from "../config/paths.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import type { Config } from "../config/schema.ts";
import { ENVELOPE_PREFIX, isEncryptedValue, parseEnvelope } from "../config/envelope.ts";
import { acceptedIterations, describeBinding, Keyring } from "../keystore/keyring.ts";
import { isSecretRef, parseSecretRef } from "../config/parse_secret_ref.ts";
import { registerSecret, registerSecretHint } from "../security/redact.ts";
import { loadDotenv } from "./load_dotenv.ts";
import { loadWorkingDotenv } from "./load_working_dotenv.ts";

/** The secret fields of a provider entry (`SECRET_FIELDS` of `src/config/schema.ts`). */
export const STORED_SECRET_FIELDS = [
  "api_key",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "service_account",
] as const;

/** The variable of the passphrase (`PASSPHRASE_ENV` of `src/keystore/passphrase.ts`). */
const PASSPHRASE_VARIABLE = "OMNIMANCER_PASSPHRASE";

/** Largest config file parsed directly; a larger one is read with the store's checks. */
const MAX_DIRECT_CONFIG_BYTES = 4 * 1024 * 1024;

/** One envelope found in the config. */
interface FoundEnvelope {
  profile: string;
  label: string;
  text: string;
}

/**
 * Registers every stored secret that can be known without a prompt (see
 * the module) with the redaction module.
 *
 * @throws {RefusalError} (exit 3) when the config file is unsafe or
 * invalid, as for every command that reads it.
 */
export async function registerStoredSecrets(context: CliContext): Promise<void> {
  const paths = configPaths(context.env);
  const config = await readConfigForSecrets(context, paths.file);
  const envelopes = registerConfigValues(config, context.env);
  const customProviders = Object.keys(objectAt(config, "providers") ?? {});
  // Every credential of ./.env, trusted or not: masking one is always safe.
  const working = await loadWorkingDotenv({
    cwd: context.cwd,
    configDir: paths.dir,
    config: (typeof config === "object" && config !== null ? config : {}) as Pick<
      Config,
      "trusted_directories" | "providers"
    >,
    env: context.env,
  });
  const configDotenv = await loadDotenv(paths.dotenv, {
    source: paths.dotenv,
    customProviders,
    readTextFile: async (path) => {
      const read = await readPrivateFile(path, { label: "config directory .env" });
      if (read === undefined) throw new Deno.errors.NotFound(`No such file "${path}"`);
      return new TextDecoder().decode(read.bytes);
    },
  });
  for (const secrets of [working.secrets, configDotenv.values]) {
    for (const [name, value] of Object.entries(secrets)) registerSecret(value, name);
  }
  for (const warning of [...working.warnings, ...configDotenv.warnings]) {
    context.io.message("warn", warning);
  }
  const unhinted = envelopes.filter((envelope) => !registerHint(envelope));
  if (unhinted.length > 0) await recogniseUnhinted(context, config, unhinted);
}

/**
 * The config's JSON (`undefined` when there is none), read like every file
 * of the config directory (never through a link, never another user's).
 */
async function readConfigForSecrets(context: CliContext, file: string): Promise<unknown> {
  try {
    const read = await readPrivateFile(file, {
      label: "config file",
      maxBytes: MAX_DIRECT_CONFIG_BYTES,
    });
    if (read === undefined) return undefined;
    for (const warning of read.warnings) context.io.message("warn", warning);
    return JSON.parse(new TextDecoder().decode(read.bytes));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    // anything else: read below with the store's checks, which report it
  }
  const { readConfigFile } = await import("../config/config_access.ts");
  return (await readConfigFile(context)).config;
}

/** Registers the plain secrets of every provider of every profile; returns the envelopes. */
function registerConfigValues(
  config: unknown,
  env: (name: string) => string | undefined,
): FoundEnvelope[] {
  const envelopes: FoundEnvelope[] = [];
  const profiles: [string, unknown][] = [["default", config]];
  for (const [name, profile] of Object.entries(objectAt(config, "profiles") ?? {})) {
    profiles.push([name, profile]);
  }
  for (const [profile, holder] of profiles) {
    for (const [provider, entry] of Object.entries(objectAt(holder, "providers") ?? {})) {
      for (const field of STORED_SECRET_FIELDS) {
        const text = objectAt(entry, field, "string");
        if (text === undefined || text === "") continue;
        const label = `${provider}/${field}`;
        if (isSecretRef(text)) {
          registerEnvReference(text, label, env);
          continue;
        }
        if (isEncryptedValue(text)) {
          envelopes.push({ profile, label, text });
          continue;
        }
        registerSecret(text, label);
        if (field === "service_account") registerPrivateKey(text, label);
      }
    }
  }
  return envelopes;
}

/** Registers the hint of an envelope; false when it has none (or cannot be read). */
function registerHint(envelope: FoundEnvelope): boolean {
  try {
    const match = parseEnvelope(envelope.text).match;
    if (match === undefined) return false;
    registerSecretHint(match, envelope.label);
    return true;
  } catch {
    return true; // a damaged envelope holds no usable key; the commands that use it refuse it
  }
}

/** Decrypts envelopes without a hint when the passphrase variable is set, else warns. */
async function recogniseUnhinted(
  context: CliContext,
  config: unknown,
  envelopes: readonly FoundEnvelope[],
): Promise<void> {
  const describe = (list: readonly FoundEnvelope[]) =>
    [...new Set(list.map((envelope) => describeBinding(envelope)))].sort().join(", ");
  const passphrase = context.env(PASSPHRASE_VARIABLE);
  if (passphrase) {
    const settings = objectAt(config, "settings");
    const configured = objectAt(settings, "kdf_iterations", "number");
    const keyring = new Keyring(passphrase, { iterations: acceptedIterations(configured) });
    const failed: FoundEnvelope[] = [];
    await Promise.all(envelopes.map(async (envelope) => {
      try {
        const value = await keyring.open(envelope.text, envelope); // registers the value
        if (envelope.label.endsWith("/service_account")) registerPrivateKey(value, envelope.label);
      } catch {
        failed.push(envelope);
      }
    }));
    if (failed.length > 0) {
      context.io.message(
        "warn",
        `Cannot recognise the encrypted ${describe(failed)}: ${PASSPHRASE_VARIABLE} does not open ${
          failed.length === 1 ? "it" : "them"
        }`,
      );
    }
    return;
  }
  const legacy = envelopes.filter((envelope) => envelope.text.startsWith(ENVELOPE_PREFIX));
  const weak = envelopes.filter((envelope) => !envelope.text.startsWith(ENVELOPE_PREFIX));
  if (legacy.length > 0) {
    context.io.message(
      "warn",
      `Cannot recognise the encrypted ${describe(legacy)} without the passphrase: ` +
        `run omn keys encrypt once to store what lets omn recognise ${
          legacy.length === 1 ? "it" : "them"
        }, or set ${PASSPHRASE_VARIABLE}`,
    );
  }
  if (weak.length > 0) {
    context.io.message(
      "warn",
      `Cannot recognise the encrypted ${describe(weak)} without the passphrase: ${
        weak.length === 1 ? "it is" : "they are"
      } too short or regular to be recognised by a hash safely; set ${PASSPHRASE_VARIABLE}`,
    );
  }
}

/**
 * Registers the value of an `env://NAME` reference (read without a prompt
 * or the network, where the permission set allows the variable); other
 * references are not fetched.
 */
function registerEnvReference(
  text: string,
  label: string,
  env: (name: string) => string | undefined,
): void {
  let value: string | undefined;
  try {
    const reference = parseSecretRef(text);
    value = reference.kind === "env" ? env(reference.name) : undefined;
  } catch {
    return; // a malformed reference; the commands that use it refuse it
  }
  if (value) registerSecret(value, label);
}

/** Registers the `private_key` of a service account key's JSON text, if it has one. */
function registerPrivateKey(json: string, label: string): void {
  try {
    const privateKey = objectAt(JSON.parse(json), "private_key", "string");
    if (privateKey) registerSecret(privateKey, `${label}/private_key`);
  } catch {
    // not JSON
  }
}

/** `holder[key]` when `holder` is an object and the value has the type asked for. */
function objectAt(holder: unknown, key: string): Record<string, unknown> | undefined;
function objectAt(holder: unknown, key: string, type: "string"): string | undefined;
function objectAt(holder: unknown, key: string, type: "number"): number | undefined;
function objectAt(
  holder: unknown,
  key: string,
  type: "object" | "string" | "number" = "object",
): unknown {
  if (typeof holder !== "object" || holder === null || Array.isArray(holder)) return undefined;
  if (!Object.hasOwn(holder, key)) return undefined;
  const value = (holder as Record<string, unknown>)[key];
  if (type === "object") {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  }
  if (type === "string") return typeof value === "string" ? value : undefined;
  return typeof value === "number" ? value : undefined;
}

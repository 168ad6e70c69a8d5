/**
 * Azure Key Vault, Get Secret (`GET
 * https://{vault}.vault.azure.net/secrets/{name}[/{version}]?api-version=7.4`),
 * with an access token from the Microsoft Entra client-credentials grant
 * (`POST https://login.microsoftonline.com/{AZURE_TENANT_ID}/oauth2/v2.0/token`,
 * `client_id`, `client_secret`, `scope=https://vault.azure.net/.default`).
 *
 * The tenant and client come from the process environment only
 * (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`). Two config
 * settings change the hosts, for private endpoints, proxies and sovereign
 * clouds: `secrets.azure_kv.endpoint` (the vault URL, where `{vault}` stands
 * for the vault's name) and `secrets.azure_kv.authority_host`.
 *
 * @module
 */
import { registerSecret } from "../security/redact.ts";
import { isRecord, type ManagerFetchOptions, oneLine, parseEndpoint, readJson } from "./_http.ts";
import { redact } from "../security/redact.ts";
import type { AzureSecretRef } from "../config/parse_secret_ref.ts";

/** The Key Vault REST API version omn speaks. */
export const KEY_VAULT_API_VERSION = "7.4";
/** The default authority host of Microsoft Entra ID. */
export const AZURE_AUTHORITY_HOST = "https://login.microsoftonline.com";
/** The default vault URL; `{vault}` is the vault's name. */
export const AZURE_VAULT_ENDPOINT = "https://{vault}.vault.azure.net";
const SCOPE = "https://vault.azure.net/.default";
const TENANT = /^[A-Za-z0-9.-]{1,100}$/;

/** The `secrets.azure_kv` settings of the config. */
export interface AzureKeyVaultSettings {
  /** The vault URL instead of `https://{vault}.vault.azure.net`. */
  endpoint?: string;
  /** The authority host instead of `https://login.microsoftonline.com`. */
  authority_host?: string;
}

/** Options of {@linkcode createAzureKeyVaultReader}. */
export interface AzureKeyVaultOptions extends ManagerFetchOptions {
  /** Reads `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`. */
  env: (name: string) => string | undefined;
  /** `secrets.azure_kv` of the config. */
  settings?: AzureKeyVaultSettings;
}

/** Reads one Key Vault secret; the token is fetched once per reader. */
export type AzureKeyVaultReader = (ref: AzureSecretRef) => Promise<string>;

function entraError(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const text = typeof body.error_description === "string"
    ? body.error_description
    : typeof body.error === "string"
    ? body.error
    : undefined;
  // Entra's description runs on with trace ids: its first line, taken after the whole is redacted.
  return text === undefined ? undefined : oneLine(redact(text).split(/\r?\n/)[0]);
}

function keyVaultError(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message } = body.error;
  const parts = [code, message].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? oneLine(parts.join(": ")) : undefined;
}

/** The vault URL for a vault name. */
export function azureVaultUrl(vault: string, endpoint = AZURE_VAULT_ENDPOINT): string {
  return parseEndpoint(endpoint.replaceAll("{vault}", vault), "secrets.azure_kv.endpoint");
}

/**
 * Creates a reader of Key Vault secrets. The access token and each secret
 * value are registered with the redaction module as soon as they arrive.
 */
export function createAzureKeyVaultReader(options: AzureKeyVaultOptions): AzureKeyVaultReader {
  let token: Promise<string> | undefined;
  return async (ref) => {
    token ??= fetchToken(options);
    const bearer = await token;
    const base = azureVaultUrl(ref.vault, options.settings?.endpoint);
    const path = ref.version === undefined
      ? `secrets/${ref.name}`
      : `secrets/${ref.name}/${ref.version}`;
    const response = await options.fetch(`${base}/${path}?api-version=${KEY_VAULT_API_VERSION}`, {
      headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
    });
    const body = await readJson(response);
    if (!response.ok) {
      const detail = keyVaultError(body) ?? response.statusText;
      throw new Error(`Azure Key Vault answered ${response.status}: ${detail}`);
    }
    const value = isRecord(body) ? body.value : undefined;
    if (typeof value !== "string" || value === "") {
      throw new Error("Azure Key Vault's answer holds no value");
    }
    registerSecret(value, `azure-kv/${ref.vault}/${ref.name}`);
    return value;
  };
}

async function fetchToken(options: AzureKeyVaultOptions): Promise<string> {
  const tenant = options.env("AZURE_TENANT_ID");
  const clientId = options.env("AZURE_CLIENT_ID");
  const clientSecret = options.env("AZURE_CLIENT_SECRET");
  const missing = [
    ["AZURE_TENANT_ID", tenant],
    ["AZURE_CLIENT_ID", clientId],
    ["AZURE_CLIENT_SECRET", clientSecret],
  ].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) throw new Error(`${missing.join(", ")} not set in the environment`);
  registerSecret(clientSecret!, "AZURE_CLIENT_SECRET");
  if (!TENANT.test(tenant!)) throw new Error("AZURE_TENANT_ID is not a tenant id or domain");
  const authority = parseEndpoint(
    options.settings?.authority_host ?? AZURE_AUTHORITY_HOST,
    "secrets.azure_kv.authority_host",
  );
  const response = await options.fetch(`${authority}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId!,
      client_secret: clientSecret!,
      scope: SCOPE,
    }),
  });
  const body = await readJson(response);
  if (!response.ok) {
    const detail = entraError(body) ?? response.statusText;
    throw new Error(
      `Microsoft Entra refused the client credentials (${response.status}: ${detail})`,
    );
  }
  const token = isRecord(body) ? body.access_token : undefined;
  if (typeof token !== "string" || token === "") {
    throw new Error("Microsoft Entra answered without an access token");
  }
  registerSecret(token, "azure-kv/access_token");
  return token;
}

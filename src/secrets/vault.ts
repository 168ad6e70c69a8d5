/**
 * HashiCorp Vault, KV secrets engine version 2, over its HTTP API:
 * `GET {VAULT_ADDR}/v1/{mount}/data/{path}` with the token in
 * `X-Vault-Token` (and `X-Vault-Namespace` when `VAULT_NAMESPACE` is set);
 * the answer's `data.data` holds the secret's key/value pairs.
 *
 * `VAULT_ADDR` and `VAULT_TOKEN` come from the process environment only.
 * The address is the user's own host: it must be `https://` (plain HTTP only
 * to loopback, as the secure fetch enforces) and allowed with
 * `OMNIMANCER_EXTRA_HOSTS` unless it is loopback.
 *
 * @module
 */
import { registerSecret } from "../security/redact.ts";
import { isRecord, type ManagerFetchOptions, oneLine, parseEndpoint, readJson } from "./_http.ts";
import type { VaultSecretRef } from "../config/parse_secret_ref.ts";

/** Options of {@linkcode readVaultSecret}. */
export interface VaultOptions extends ManagerFetchOptions {
  /** Reads `VAULT_ADDR`, `VAULT_TOKEN`, `VAULT_NAMESPACE` from the process environment. */
  env: (name: string) => string | undefined;
}

/** The request URL of a reference under an address. */
export function vaultSecretUrl(address: string, ref: VaultSecretRef): string {
  const path = ref.path.split("/").map(encodeURIComponent).join("/");
  return `${address}/v1/${encodeURIComponent(ref.mount)}/data/${path}`;
}

function vaultErrors(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body.errors)) return undefined;
  const errors = body.errors.filter((error): error is string => typeof error === "string");
  return errors.length > 0 ? oneLine(errors.join("; ")) : undefined;
}

/**
 * Reads one field of a KV v2 secret. Every string value of the secret's
 * data is registered with the redaction module as soon as it arrives.
 *
 * @throws {Error} with a message that names the place (never a value) when
 * Vault is not configured, refuses, or has no such secret or field.
 */
export async function readVaultSecret(ref: VaultSecretRef, options: VaultOptions): Promise<string> {
  const addressSetting = options.env("VAULT_ADDR");
  if (!addressSetting) throw new Error("VAULT_ADDR is not set in the environment");
  const token = options.env("VAULT_TOKEN");
  if (!token) throw new Error("VAULT_TOKEN is not set in the environment");
  registerSecret(token, "VAULT_TOKEN");
  const address = parseEndpoint(addressSetting, "VAULT_ADDR");
  const headers = new Headers({
    "x-vault-token": token,
    "x-vault-request": "true",
    accept: "application/json",
  });
  const namespace = options.env("VAULT_NAMESPACE");
  if (namespace) headers.set("x-vault-namespace", namespace);
  const response = await options.fetch(vaultSecretUrl(address, ref), { headers });
  const body = await readJson(response);
  const where = `${ref.mount}/${ref.path}`;
  if (response.status === 404) {
    throw new Error(`Vault has no secret "${where}" (404; a KV version 2 mount is expected)`);
  }
  if (!response.ok) {
    const detail = vaultErrors(body) ?? response.statusText;
    throw new Error(`Vault answered ${response.status} for "${where}": ${detail}`);
  }
  const data = isRecord(body) && isRecord(body.data) ? body.data.data : undefined;
  if (!isRecord(data)) throw new Error(`Vault's answer for "${where}" holds no data`);
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string") registerSecret(value, `vault/${where}#${key}`);
  }
  const value = Object.hasOwn(data, ref.field) ? data[ref.field] : undefined;
  if (value === undefined) throw new Error(`Vault secret "${where}" has no field "${ref.field}"`);
  if (typeof value !== "string" || value === "") {
    throw new Error(`Vault secret "${where}" field "${ref.field}" is not a non-empty string`);
  }
  return value;
}

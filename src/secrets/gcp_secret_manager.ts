/**
 * Google Secret Manager, `AccessSecretVersion` over REST (`GET
 * https://secretmanager.googleapis.com/v1/projects/P/secrets/S/versions/V:access`;
 * the value is base64 in `payload.data`), with an OAuth access token
 * exchanged for a service-account JWT by the same code as Vertex AI
 * (`fetchAccessToken`, at the key's own `token_uri`).
 *
 * The service account is the JSON text of `OMNIMANCER_GCP_SERVICE_ACCOUNT`
 * when it is set, else the Vertex AI credentials; the caller decides and
 * passes it in. `secrets.gcp_sm.endpoint` in the config replaces the
 * endpoint (a Private Service Connect endpoint or a proxy).
 *
 * @module
 */
import { AuthRejectedError, RefusalError } from "../core/errors.ts";
import {
  fetchAccessToken,
  parseServiceAccount,
  type ServiceAccountKey,
} from "./google_access_token.ts";
import { registerSecret } from "../security/redact.ts";
import { isRecord, type ManagerFetchOptions, oneLine, parseEndpoint, readJson } from "./_http.ts";
import type { GcpSecretRef } from "../config/parse_secret_ref.ts";

/** The default endpoint of Secret Manager. */
export const GCP_SECRET_MANAGER_ENDPOINT = "https://secretmanager.googleapis.com";

/** The `secrets.gcp_sm` settings of the config. */
export interface GcpSecretManagerSettings {
  /** The endpoint instead of `https://secretmanager.googleapis.com`. */
  endpoint?: string;
}

/** A service account's key and where it came from (for messages). */
export interface GcpServiceAccountSource {
  /** The JSON text of the key. */
  json: string;
  /** Where it came from, e.g. `OMNIMANCER_GCP_SERVICE_ACCOUNT`. */
  origin: string;
}

/** Options of {@linkcode createGcpSecretManagerReader}. */
export interface GcpSecretManagerOptions extends ManagerFetchOptions {
  /** The service account; throws an `Error` explaining what is missing. */
  serviceAccount: () => Promise<GcpServiceAccountSource>;
  /** `secrets.gcp_sm` of the config. */
  settings?: GcpSecretManagerSettings;
}

/** Reads one secret version; the access token is fetched once per reader. */
export type GcpSecretManagerReader = (ref: GcpSecretRef) => Promise<string>;

function googleError(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { status, message } = body.error;
  const parts = [status, message].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? oneLine(parts.join(": ")) : undefined;
}

function decodePayload(data: string): string {
  try {
    const bytes = Uint8Array.fromBase64(data);
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the secret's payload is not base64 of UTF-8 text");
  }
}

/**
 * Creates a reader of Secret Manager versions. The token (by
 * `fetchAccessToken`) and each value are registered with the redaction
 * module as soon as they arrive.
 */
export function createGcpSecretManagerReader(
  options: GcpSecretManagerOptions,
): GcpSecretManagerReader {
  let token: Promise<string> | undefined;
  return async (ref) => {
    token ??= fetchToken(options);
    const bearer = await token;
    const endpoint = parseEndpoint(
      options.settings?.endpoint ?? GCP_SECRET_MANAGER_ENDPOINT,
      "secrets.gcp_sm.endpoint",
    );
    const name = `projects/${ref.project}/secrets/${ref.secret}/versions/${ref.version}`;
    const response = await options.fetch(`${endpoint}/v1/${name}:access`, {
      headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
    });
    const body = await readJson(response);
    if (!response.ok) {
      const detail = googleError(body) ?? response.statusText;
      throw new Error(`Google Secret Manager answered ${response.status}: ${detail}`);
    }
    const data = isRecord(body) && isRecord(body.payload) ? body.payload.data : undefined;
    if (typeof data !== "string" || data === "") {
      throw new Error("Google Secret Manager's answer holds no payload");
    }
    registerSecret(data, "gcp-sm/payload");
    const value = decodePayload(data);
    registerSecret(value, `gcp-sm/${ref.project}/${ref.secret}`);
    return value;
  };
}

async function fetchToken(options: GcpSecretManagerOptions): Promise<string> {
  const source = await options.serviceAccount();
  let account: ServiceAccountKey;
  try {
    account = parseServiceAccount(source.json);
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    throw new Error(
      `the service account from ${source.origin} is not a service-account key ` +
        '(JSON with "type": "service_account", "client_email" and "private_key")',
    );
  }
  try {
    return await fetchAccessToken(account, options.fetch);
  } catch (error) {
    if (!(error instanceof AuthRejectedError)) throw error;
    const status = /\((\d{3}: [^)]*)\)/.exec(error.message)?.[1];
    throw new Error(
      `Google refused the service account from ${source.origin} at the token exchange${
        status ? ` (${status})` : ""
      }`,
    );
  }
}

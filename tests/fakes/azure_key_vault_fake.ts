/**
 * A fake of Azure Key Vault's Get Secret and of the Microsoft Entra token
 * endpoint (client-credentials grant), on one 127.0.0.1 server:
 *
 * 1. `POST /{tenant}/oauth2/v2.0/token`, form-encoded `grant_type=client_credentials`,
 *    `client_id`, `client_secret`, `scope=https://vault.azure.net/.default`:
 *    answered `{ token_type: "Bearer", expires_in, ext_expires_in, access_token }`;
 *    a wrong tenant, client or secret gets Entra's `{ error, error_description }`
 *    with its `AADSTS…` code.
 * 2. `GET /secrets/{name}[/{version}]?api-version=7.4` with `Authorization:
 *    Bearer <an issued token>`: `{ value, id, attributes, tags }`; a missing
 *    token gets 401 with Key Vault's `WWW-Authenticate` challenge; an
 *    unknown secret 404 `{ error: { code: "SecretNotFound", message } }`.
 *
 * Point the client at it with `secrets.azure_kv.authority_host` and
 * `secrets.azure_kv.endpoint` (both the fake's URL). Malformed requests
 * (wrong method or content type, credentials in the query, a missing
 * `api-version`, an unknown scope, a bearer token that was never issued)
 * are recorded as violations; a wrong client secret is not.
 *
 * @module
 */
import {
  type FakeServer,
  type FakeServerControl,
  jsonResponse,
  type RecordedRequest,
  startFakeServer,
} from "./_fake_server.ts";

/** Options of {@linkcode startAzureKeyVaultFake}. */
export interface AzureKeyVaultFakeOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The vault's name, used in the ids of answers. */
  vault: string;
  /** Secrets by name; each holds its versions by id, the last one current. */
  secrets: Record<string, Record<string, string>>;
}

/** A running Key Vault fake. */
export interface AzureKeyVaultFake extends FakeServer {
  /** Every access token issued (secrets: tests assert none leaks). */
  readonly issuedTokens: readonly string[];
}

const SCOPE = "https://vault.azure.net/.default";

function entraError(status: number, error: string, description: string): Response {
  return jsonResponse({
    error,
    error_description:
      `${description}\r\nTrace ID: ${crypto.randomUUID()}\r\nCorrelation ID: ${crypto.randomUUID()}\r\nTimestamp: 2026-01-02 03:04:05Z`,
    error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
    timestamp: "2026-01-02 03:04:05Z",
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  }, status);
}

function vaultError(status: number, code: string, message: string, headers: HeadersInit = {}) {
  return jsonResponse({ error: { code, message } }, status, headers);
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(90));
  const text = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  return `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${text.slice(0, 80)}.${text.slice(80)}`;
}

/** Starts the Key Vault fake. */
export async function startAzureKeyVaultFake(
  options: AzureKeyVaultFakeOptions,
): Promise<AzureKeyVaultFake> {
  const issuedTokens: string[] = [];

  const token = (request: RecordedRequest, control: FakeServerControl, tenant: string) => {
    const violation = (message: string) => control.recordViolation(`entra: ${message}`);
    if (request.method !== "POST") {
      violation(`method "${request.method}" on the token endpoint`);
      return entraError(
        405,
        "invalid_request",
        "AADSTS900561: The endpoint only accepts POST requests.",
      );
    }
    if (request.url.search !== "") violation("query string on the token endpoint");
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      violation(`content-type "${type}"`);
      return entraError(
        400,
        "invalid_request",
        "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
      );
    }
    const form = new URLSearchParams(request.bodyText);
    if (form.get("grant_type") !== "client_credentials") {
      violation(`grant_type "${form.get("grant_type")}"`);
      return entraError(
        400,
        "unsupported_grant_type",
        "AADSTS70003: The app requested an unsupported grant type.",
      );
    }
    if (form.get("scope") !== SCOPE) {
      violation(`scope "${form.get("scope")}"`);
      return entraError(
        400,
        "invalid_scope",
        `AADSTS1002012: The provided value for scope ${form.get("scope")} is not valid.`,
      );
    }
    if (tenant !== options.tenantId) {
      return entraError(400, "invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
    }
    if (form.get("client_id") !== options.clientId) {
      return entraError(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier '${
          form.get("client_id")
        }' was not found in the directory.`,
      );
    }
    if (form.get("client_secret") !== options.clientSecret) {
      return entraError(
        401,
        "invalid_client",
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.",
      );
    }
    const issued = randomToken();
    issuedTokens.push(issued);
    return jsonResponse({
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: issued,
    });
  };

  const secret = (
    request: RecordedRequest,
    control: FakeServerControl,
    name: string,
    version?: string,
  ) => {
    const violation = (message: string) => control.recordViolation(`key vault: ${message}`);
    if (request.method !== "GET") {
      violation(`method "${request.method}"`);
      return vaultError(405, "BadParameter", "The method is not allowed.");
    }
    if (request.url.searchParams.get("api-version") === null) {
      violation("no api-version");
      return vaultError(400, "BadParameter", "api-version parameter is missing");
    }
    const keys = [...request.url.searchParams.keys()].filter((key) => key !== "api-version");
    if (keys.length > 0) violation(`unexpected query parameters ${keys.join(", ")}`);
    const authorization = request.headers.get("authorization");
    const challenge = {
      "www-authenticate":
        `Bearer authorization="https://login.microsoftonline.com/${options.tenantId}", resource="https://vault.azure.net"`,
    };
    if (authorization === null) {
      violation("no Authorization header");
      return vaultError(
        401,
        "Unauthorized",
        "AKV10000: Request is missing a Bearer or PoP token.",
        challenge,
      );
    }
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (bearer === undefined || !issuedTokens.includes(bearer)) {
      violation("Authorization is not a Bearer token the fake issued");
      return vaultError(401, "Unauthorized", "AKV10022: Invalid audience.", challenge);
    }
    const versions = options.secrets[name];
    const notFound = () =>
      vaultError(
        404,
        "SecretNotFound",
        `A secret with (name/id) ${name}${
          version ? `/${version}` : ""
        } was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
      );
    if (versions === undefined) return notFound();
    const ids = Object.keys(versions);
    const id = version ?? ids[ids.length - 1];
    if (!Object.hasOwn(versions, id)) return notFound();
    return jsonResponse({
      value: versions[id],
      id: `https://${options.vault}.vault.azure.net/secrets/${name}/${id}`,
      attributes: {
        enabled: true,
        created: 1767225600,
        updated: 1767225600,
        recoveryLevel: "Recoverable+Purgeable",
        recoverableDays: 90,
      },
      tags: {},
    });
  };

  const server = await startFakeServer((request, control) => {
    const path = request.url.pathname;
    const tokenRoute = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (tokenRoute) return token(request, control, decodeURIComponent(tokenRoute[1]));
    const secretRoute = /^\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
    if (secretRoute) return secret(request, control, secretRoute[1], secretRoute[2]);
    control.recordViolation(`unknown route "${request.method} ${path}"`);
    return vaultError(404, "NotFound", "Not found");
  });
  return Object.assign(server, { issuedTokens });
}

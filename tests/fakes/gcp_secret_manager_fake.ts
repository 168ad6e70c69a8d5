/**
 * A fake of Google Secret Manager's `AccessSecretVersion` and of Google's
 * OAuth 2.0 token endpoint (JWT-bearer grant, as in `vertex_fake.ts`), on
 * one 127.0.0.1 server:
 *
 * 1. `POST /token`, form-encoded
 *    `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`:
 *    the RS256 assertion is verified with the service account's public key
 *    (`iss` the client email, `aud` the token URL or Google's, the
 *    cloud-platform scope, at most an hour long, around now); anything wrong
 *    is `400 { error: "invalid_grant", error_description }`.
 * 2. `GET /v1/projects/{project}/secrets/{secret}/versions/{version}:access`
 *    with `Authorization: Bearer <an issued token>`: `{ name, payload: { data,
 *    dataCrc32c } }` (data base64); errors in Google's shape
 *    `{ error: { code, message, status } }` (404 `NOT_FOUND`, 403
 *    `PERMISSION_DENIED` for another project, 401 `UNAUTHENTICATED`).
 *
 * The client reaches it through the key file's `token_uri` and
 * `secrets.gcp_sm.endpoint`. Malformed requests are recorded as violations;
 * an unknown secret is not.
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
import { googleErrorResponse } from "./gemini_fake.ts";
import { CLOUD_PLATFORM_SCOPE, GOOGLE_TOKEN_AUDIENCE } from "./vertex_fake.ts";

/** Options of {@linkcode startGcpSecretManagerFake}. */
export interface GcpSecretManagerFakeOptions {
  serviceAccount: { clientEmail: string; publicKey: CryptoKey };
  /** The only project served (its id). */
  project: string;
  /** Secrets by id; each holds its versions in order (version 1 first, the last is `latest`). */
  secrets: Record<string, string[]>;
}

/** A running Secret Manager fake. */
export interface GcpSecretManagerFake extends FakeServer {
  /** `<url>/token`: the `token_uri` of the service-account key. */
  readonly tokenUrl: string;
  /** Every access token issued (secrets). */
  readonly issuedTokens: readonly string[];
}

const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ACCESS = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/:]+):access$/;

function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SyntaxError("not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - text.length % 4) % 4);
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

function jsonPart(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(base64urlDecode(text)));
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** CRC32C (Castagnoli) of bytes, as Secret Manager reports it (a decimal string). */
function crc32c(bytes: Uint8Array): string {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return String((crc ^ 0xffffffff) >>> 0);
}

/** Starts the Secret Manager fake. */
export async function startGcpSecretManagerFake(
  options: GcpSecretManagerFakeOptions,
): Promise<GcpSecretManagerFake> {
  const issuedTokens: string[] = [];
  let tokenUrl = "";

  const exchange = async (request: RecordedRequest, control: FakeServerControl) => {
    const reject = (description: string, why: string) => {
      control.recordViolation(`google token: ${why}`);
      return jsonResponse({ error: "invalid_grant", error_description: description }, 400);
    };
    if (request.method !== "POST") {
      return reject("Invalid request method.", `method ${request.method}`);
    }
    if (request.url.search !== "") control.recordViolation("google token: query string");
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return reject("Invalid Content-Type.", `content-type "${type}"`);
    }
    const form = new URLSearchParams(request.bodyText);
    if (form.get("grant_type") !== JWT_BEARER_GRANT) {
      return reject("Invalid grant_type.", `grant_type "${form.get("grant_type")}"`);
    }
    const parts = (form.get("assertion") ?? "").split(".");
    const header = parts.length === 3 ? jsonPart(parts[0]) : undefined;
    const claims = parts.length === 3 ? jsonPart(parts[1]) : undefined;
    if (header?.alg !== "RS256" || claims === undefined) {
      return reject("Invalid JWT: malformed.", "assertion is not an RS256 JWT");
    }
    const valid = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      options.serviceAccount.publicKey,
      base64urlDecode(parts[2]),
      new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    );
    if (!valid) return reject("Invalid JWT Signature.", "signature does not verify");
    if (claims.iss !== options.serviceAccount.clientEmail) {
      return reject("Invalid grant: account not found", "iss is not the client email");
    }
    if (claims.aud !== tokenUrl && claims.aud !== GOOGLE_TOKEN_AUDIENCE) {
      return reject("Invalid JWT: Failed audience check.", `aud ${JSON.stringify(claims.aud)}`);
    }
    const now = Math.floor(Date.now() / 1000);
    const { iat, exp, scope } = claims;
    if (
      typeof iat !== "number" || typeof exp !== "number" || exp <= iat || exp - iat > 3600 ||
      iat > now + 300 || exp < now
    ) {
      return reject("Invalid JWT: Token must be a short-lived token.", "iat/exp");
    }
    if (typeof scope !== "string" || !scope.split(" ").includes(CLOUD_PLATFORM_SCOPE)) {
      return reject("Invalid OAuth scope.", `scope ${JSON.stringify(scope)}`);
    }
    const token = "ya29.c." + crypto.randomUUID().replaceAll("-", "") +
      crypto.randomUUID().replaceAll("-", "");
    issuedTokens.push(token);
    return jsonResponse({ access_token: token, expires_in: 3599, token_type: "Bearer" });
  };

  const access = (request: RecordedRequest, control: FakeServerControl, match: string[]) => {
    const violation = (message: string) => control.recordViolation(`secret manager: ${message}`);
    const [, project, secret, version] = match;
    if (request.method !== "GET") {
      violation(`method "${request.method}"`);
      return googleErrorResponse(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
    }
    if (request.url.search !== "") violation("query string");
    const authorization = request.headers.get("authorization");
    const bearer = authorization === null ? undefined : /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (bearer === undefined || !issuedTokens.includes(bearer)) {
      violation("Authorization is not a Bearer token the fake issued");
      return googleErrorResponse(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      );
    }
    const resource = `projects/${project}/secrets/${secret}/versions/${version}`;
    if (project !== options.project) {
      return googleErrorResponse(
        403,
        "PERMISSION_DENIED",
        `Permission 'secretmanager.versions.access' denied for resource '${resource}' (or it may not exist).`,
      );
    }
    const versions = options.secrets[secret];
    const index = version === "latest" ? (versions?.length ?? 0) : Number(version);
    if (
      versions === undefined || !Number.isInteger(index) || index < 1 || index > versions.length
    ) {
      return googleErrorResponse(
        404,
        "NOT_FOUND",
        versions === undefined
          ? `Secret [projects/${project}/secrets/${secret}] not found or has no versions.`
          : `Secret Version [${resource}] not found.`,
      );
    }
    const bytes = new TextEncoder().encode(versions[index - 1]);
    return jsonResponse({
      name: `projects/123456789012/secrets/${secret}/versions/${index}`,
      payload: { data: btoa(String.fromCharCode(...bytes)), dataCrc32c: crc32c(bytes) },
    });
  };

  const server = await startFakeServer((request, control) => {
    const path = request.url.pathname;
    if (path === "/token") return exchange(request, control);
    const match = ACCESS.exec(path);
    if (match) return access(request, control, match);
    control.recordViolation(`unknown route "${request.method} ${path}"`);
    return googleErrorResponse(404, "NOT_FOUND", "Not found.");
  });
  tokenUrl = `${server.url}/token`;
  return Object.assign(server, { tokenUrl, issuedTokens });
}

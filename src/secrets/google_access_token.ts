/**
 * Exchanges a Google service-account key for an OAuth access token (the
 * JWT-bearer grant): a JWT signed with the key's private key (RS256, Web
 * Crypto) is posted to the key file's `token_uri` through the secure fetch,
 * so the exchange obeys HTTPS, the host allowlist and redaction like every
 * other request.
 *
 * @module
 */
import { AuthRejectedError, ProviderError, RefusalError } from "../core/errors.ts";
import { readWholeUpTo } from "../net/read_body.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { registerSecret } from "../security/redact.ts";
import { providerMessage } from "../net/provider_message.ts";
import { decodePrivateKeyPem } from "./decode_private_key_pem.ts";

/** The fields of a service-account key file that the exchange uses. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
  token_uri?: string;
}

/** Google's token endpoint, used when the key file names none. */
export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** Parses and checks a service-account key's JSON text (never quoting it). */
export function parseServiceAccount(text: string): ServiceAccountKey {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RefusalError(
      "The Vertex service account key is not JSON: import the key file with omn keys set vertex --stdin < key.json",
    );
  }
  if (
    parsed?.type !== "service_account" || typeof parsed.client_email !== "string" ||
    typeof parsed.private_key !== "string" || !parsed.private_key.includes("PRIVATE KEY")
  ) {
    throw new RefusalError(
      'The Vertex service account key needs "type": "service_account", "client_email" and "private_key"',
    );
  }
  registerSecret(parsed.private_key, "vertex/private_key");
  return parsed as unknown as ServiceAccountKey;
}

function base64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const decoded = decodePrivateKeyPem(pem);
  if (!decoded.ok) {
    throw new RefusalError(
      `The Vertex service account's "private_key" is damaged: ${decoded.problem}`,
    );
  }
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      decoded.der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch {
    throw new RefusalError("The Vertex service account's private_key is not a PKCS#8 RSA key");
  }
}

/** The signed assertion for a key. */
export async function signAssertion(account: ServiceAccountKey, now: number): Promise<string> {
  const header = {
    alg: "RS256",
    typ: "JWT",
    ...(account.private_key_id ? { kid: account.private_key_id } : {}),
  };
  const issuedAt = Math.floor(now / 1000);
  const claims = {
    iss: account.client_email,
    scope: SCOPE,
    aud: account.token_uri ?? GOOGLE_TOKEN_URI,
    iat: issuedAt,
    exp: issuedAt + 3600,
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const key = await importPrivateKey(account.private_key);
  const signature = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(input)),
  );
  return `${input}.${base64url(signature)}`;
}

/** Exchanges the key for an access token; the token is registered as a secret at once. */
export async function fetchAccessToken(
  account: ServiceAccountKey,
  secureFetch: typeof fetch,
  now: number = Date.now(),
): Promise<string> {
  return (await exchangeAccessToken(account, secureFetch, now)).token;
}

/** An access token and how long Google says it lasts. */
export interface IssuedAccessToken {
  token: string;
  /** `expires_in`, in seconds (3600 when the answer leaves it out). */
  expiresInSeconds: number;
}

/** The most bytes of the token exchange's answer read (1 MiB; a real one is under 4 KiB). */
export const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

/** Like {@linkcode fetchAccessToken}, with the token's lifetime. */
export async function exchangeAccessToken(
  account: ServiceAccountKey,
  secureFetch: typeof fetch,
  now: number = Date.now(),
): Promise<IssuedAccessToken> {
  const tokenUri = account.token_uri ?? GOOGLE_TOKEN_URI;
  const assertion = await signAssertion(account, now);
  registerSecret(assertion, "vertex/assertion");
  const response = await secureFetch(tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion,
    }),
  });
  const text = await readWholeUpTo(response, MAX_TOKEN_ANSWER_BYTES);
  if (text === undefined) {
    throw new ProviderError(
      "vertex: Cannot read the token exchange's answer: it is over 1 MiB, which no token answer is (check the service account's token_uri)",
    );
  }
  if (!response.ok) {
    throw new AuthRejectedError(
      `vertex rejected the service account key (${
        fingerprint(account.private_key)
      }) at the token exchange ` +
        `(${response.status}: ${
          providerMessage(text) ?? response.statusText
        }); fix: omn keys set vertex --stdin < key.json`,
    );
  }
  const answer = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
  const token = answer.access_token;
  if (typeof token !== "string" || token === "") {
    throw new AuthRejectedError("vertex: the token exchange answered without an access token");
  }
  registerSecret(token, "vertex/access_token");
  const expiresIn = Number(answer.expires_in);
  return {
    token,
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
  };
}

/**
 * A Google Cloud service account made at run time for tests: an RSA
 * 2048-bit key pair (RSASSA-PKCS1-v1_5, SHA-256) generated in the test
 * process (one for the process, unless a test asks for a key of its own),
 * its private key exported as PKCS#8 PEM in a key file shaped like the JSON
 * that the Cloud console gives.
 *
 * A PEM body is base64 of DER, so no canary marker can be put inside the
 * private key; instead the PEM and its body lines are exposed so that tests
 * can assert that none of them ever reaches an output, a log or a file.
 *
 * @module
 */

/** The JSON key file of a service account (the fields Google writes). */
export interface ServiceAccountKeyFile {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

/** A test service account: its key file and the matching public key. */
export interface TestServiceAccount {
  projectId: string;
  clientEmail: string;
  privateKeyId: string;
  /** The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), a secret. */
  privateKeyPem: string;
  /** The 64-character base64 lines of the PEM body: none may ever leak. */
  privateKeyLines: readonly string[];
  /** The private key, for tests that sign JWTs themselves. */
  privateKey: CryptoKey;
  /** The public key, for the fake's token endpoint to verify assertions. */
  publicKey: CryptoKey;
  /** The key file with the given `token_uri` (the fake's token URL in tests). */
  keyFile(tokenUri: string): ServiceAccountKeyFile;
  /** The key file as JSON text, as it would be saved on disk. */
  keyFileText(tokenUri: string): string;
}

/** Options of {@linkcode createTestServiceAccount}. */
export interface CreateTestServiceAccountOptions {
  /** Default `omn-test-project`. */
  projectId?: string;
  /** Default `omn-canary@<project>.iam.gserviceaccount.com`. */
  clientEmail?: string;
  /**
   * A key pair of its own, for a test of an account whose key the fake does
   * not know. By default every account of the process shares one key pair:
   * generating one costs 0.1 to 1 s of CPU, and no other test tells
   * accounts apart by their key.
   */
  distinctKey?: boolean;
}

/** The RSA key pair shared by the accounts of this process, generated on first use. */
let sharedPair: Promise<CryptoKeyPair> | undefined;

function generatePair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function randomHex(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Makes a service account: new ids, and the process's shared RSA key pair
 * (generated once, 0.1 to 1 s of CPU) unless `distinctKey` asks for its own.
 *
 * @example
 * ```ts
 * const account = await createTestServiceAccount();
 * await using fake = await startVertexFake({ serviceAccount: account, project, location });
 * const keyFileText = account.keyFileText(fake.tokenUrl);
 * ```
 */
export async function createTestServiceAccount(
  options: CreateTestServiceAccountOptions = {},
): Promise<TestServiceAccount> {
  const projectId = options.projectId ?? "omn-test-project";
  const clientEmail = options.clientEmail ?? `omn-canary@${projectId}.iam.gserviceaccount.com`;
  const pair = await (options.distinctKey ? generatePair() : (sharedPair ??= generatePair()));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const privateKeyLines = base64(pkcs8).match(/.{1,64}/g) ?? [];
  const privateKeyPem = [
    "-----BEGIN PRIVATE KEY-----",
    ...privateKeyLines,
    "-----END PRIVATE KEY-----",
    "",
  ]
    .join("\n");
  const privateKeyId = "cafe" + randomHex(18);
  const clientId = "1" + [...crypto.getRandomValues(new Uint8Array(20))]
    .map((byte) => String(byte % 10)).join("");
  const keyFile = (tokenUri: string): ServiceAccountKeyFile => ({
    type: "service_account",
    project_id: projectId,
    private_key_id: privateKeyId,
    private_key: privateKeyPem,
    client_email: clientEmail,
    client_id: clientId,
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${
      encodeURIComponent(clientEmail)
    }`,
    universe_domain: "googleapis.com",
  });
  return {
    projectId,
    clientEmail,
    privateKeyId,
    privateKeyPem,
    privateKeyLines,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    keyFile,
    keyFileText: (tokenUri) => JSON.stringify(keyFile(tokenUri), null, 2) + "\n",
  };
}

/** base64url without padding, of bytes or UTF-8 text. */
export function base64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Claims of a Google service-account JWT-bearer assertion. */
export interface AssertionClaims {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

/**
 * Signs an RS256 JWT assertion the way `@ai-sdk/google-vertex/edge` does
 * (header `{alg, typ, kid?}`, claims `{iss, scope, aud, exp, iat}`).
 */
export async function signAssertion(
  privateKey: CryptoKey,
  claims: AssertionClaims,
  keyId?: string,
): Promise<string> {
  const header = keyId ? { alg: "RS256", typ: "JWT", kid: keyId } : { alg: "RS256", typ: "JWT" };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/**
 * A fake of Vertex AI's Gemini endpoints and of Google's OAuth 2.0 token
 * endpoint, on 127.0.0.1, for the service-account flow of
 * `@ai-sdk/google-vertex`:
 *
 * 1. `POST /token`, form-encoded
 *    `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`:
 *    the RS256 assertion is verified with the service account's public key
 *    (`iss` = client email, `aud` an accepted audience, `scope` with
 *    cloud-platform, `iat`/`exp` at most an hour apart and around now), and
 *    answered `{ access_token, expires_in: 3599, token_type: "Bearer" }`;
 *    anything wrong is `400 { error: "invalid_grant", error_description }`.
 * 2. `POST /{v1|v1beta1}/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent`
 *    and `:streamGenerateContent?alt=sse`, the Gemini format (the SDK's
 *    default base URL uses `v1beta1`), requiring `authorization: Bearer <an
 *    issued, unexpired token>`.
 *
 * `@ai-sdk/google-vertex/edge` posts its assertion to the fixed
 * `https://oauth2.googleapis.com/token` with the global fetch and signs
 * `aud: "https://oauth2.googleapis.com/token"` whatever the key file says, so
 * both that audience and the fake's own token URL are accepted by default.
 *
 * @module
 */
import {
  DEFAULT_REPLY,
  type FakeServer,
  type FakeServerControl,
  isRedirectScenario,
  jsonResponse,
  type RecordedRequest,
  redirectResponse,
  type Scenario,
  startFakeServer,
  streamErrorFor,
} from "./_fake_server.ts";
import {
  badRequestScenario,
  checkGenerateContentRequest,
  DEFAULT_GEMINI_MODELS,
  generateContentAnswer,
  googleErrorResponse,
  googleNotFoundPage,
} from "./gemini_fake.ts";

/** The audience Google's own clients put in their assertions. */
export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
/** The scope Vertex AI needs. */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** The public half of a service account, as the token endpoint knows it. */
export interface VertexFakeServiceAccount {
  clientEmail: string;
  publicKey: CryptoKey;
  /** When set, an assertion's `kid` header, if present, must equal it. */
  privateKeyId?: string;
}

/** Options of {@linkcode startVertexFake}. */
export interface VertexFakeOptions {
  serviceAccount: VertexFakeServiceAccount;
  /** The only project id served. */
  project: string;
  /** The only location served, e.g. `us-central1`. */
  location: string;
  reply?: string;
  scenario?: Scenario;
  /** Model ids served; the Gemini fake's defaults when absent. */
  models?: readonly string[];
  /** Reported as `cachedContentTokenCount` when above 0. */
  cachedTokens?: number;
  /** Accepted `aud` claims; default: the fake's token URL and {@linkcode GOOGLE_TOKEN_AUDIENCE}. */
  audiences?: readonly string[];
  /** `expires_in` of issued tokens, in seconds (Google: 3599). */
  tokenLifetimeSeconds?: number;
}

/** A running Vertex fake. */
export interface VertexFake extends FakeServer {
  /** `<url>/token`: the `token_uri` to put in the service-account key file. */
  readonly tokenUrl: string;
  /** `<url>/v1beta1/projects/<project>/locations/<location>/publishers/google`: `createGoogleVertex({ baseURL })`. */
  readonly baseURL: string;
  /** Every access token issued, in order (secrets: tests assert none leaks). */
  readonly issuedTokens: readonly string[];
}

const MODEL_METHOD =
  /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):([A-Za-z]+)$/;

const CREDENTIALS_HELP =
  "Expected OAuth 2 access token, login cookie or other valid authentication " +
  "credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

function oauthError(error: string, description: string): Response {
  return jsonResponse({ error, error_description: description }, 400, {
    "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
    pragma: "no-cache",
  });
}

function unauthenticated(reason: string, missing: boolean): Response {
  return googleErrorResponse(
    401,
    "UNAUTHENTICATED",
    missing
      ? `Request is missing required authentication credential. ${CREDENTIALS_HELP}`
      : `Request had invalid authentication credentials. ${CREDENTIALS_HELP}`,
    [{
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason,
      domain: "googleapis.com",
      metadata: {
        method: "google.cloud.aiplatform.v1beta1.PredictionService.GenerateContent",
        service: "aiplatform.googleapis.com",
      },
    }],
    { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
  );
}

function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SyntaxError("not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - text.length % 4) % 4);
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeJsonPart(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(base64urlDecode(text)));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the Vertex fake.
 *
 * @example
 * ```ts
 * const account = await createTestServiceAccount({ projectId: "p" });
 * await using fake = await startVertexFake({ serviceAccount: account, project: "p", location: "us-central1" });
 * const keyFile = account.keyFileText(fake.tokenUrl);
 * ```
 */
export async function startVertexFake(options: VertexFakeOptions): Promise<VertexFake> {
  const reply = options.reply ?? DEFAULT_REPLY;
  const scenario = options.scenario ?? "ok";
  const models = options.models ?? DEFAULT_GEMINI_MODELS;
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const issuedTokens: string[] = [];
  const expiries = new Map<string, number>();
  let tokenUrl = "";

  const exchangeToken = async (
    request: RecordedRequest,
    control: FakeServerControl,
  ): Promise<Response> => {
    const reject = (error: string, description: string, why: string) => {
      control.recordViolation(`Token exchange rejected: ${why}`);
      return oauthError(error, description);
    };
    if (request.method !== "POST") {
      return reject("invalid_request", "Invalid request method.", `method "${request.method}"`);
    }
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return reject(
        "invalid_request",
        "Invalid Content-Type. Expected application/x-www-form-urlencoded.",
        `content-type "${type}"`,
      );
    }
    const form = new URLSearchParams(request.bodyText);
    const grantType = form.get("grant_type");
    if (grantType !== JWT_BEARER_GRANT) {
      return reject(
        "unsupported_grant_type",
        `Invalid grant_type: ${grantType ?? ""}`,
        `grant_type "${grantType ?? ""}"`,
      );
    }
    const assertion = form.get("assertion");
    if (assertion === null || assertion === "") {
      return reject("invalid_request", "Missing required parameter: assertion", "no assertion");
    }
    if (request.url.search !== "") {
      control.recordViolation(
        `Token request carries a query string: "${request.url.search.slice(0, 40)}"`,
      );
    }
    const parts = assertion.split(".");
    const header = parts.length === 3 ? decodeJsonPart(parts[0]) : undefined;
    const claims = parts.length === 3 ? decodeJsonPart(parts[1]) : undefined;
    if (header === undefined || claims === undefined) {
      return reject("invalid_grant", "Invalid JWT: malformed.", "assertion is not a JWT");
    }
    if (header.alg !== "RS256") {
      return reject("invalid_grant", "Invalid JWT Signature.", `alg "${String(header.alg)}"`);
    }
    if (
      header.kid !== undefined && options.serviceAccount.privateKeyId !== undefined &&
      header.kid !== options.serviceAccount.privateKeyId
    ) {
      return reject("invalid_grant", "Invalid JWT Signature.", "kid names another key");
    }
    let signature: Uint8Array<ArrayBuffer>;
    try {
      signature = base64urlDecode(parts[2]);
    } catch {
      return reject("invalid_grant", "Invalid JWT Signature.", "signature is not base64url");
    }
    const valid = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      options.serviceAccount.publicKey,
      signature,
      new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    );
    if (!valid) {
      return reject("invalid_grant", "Invalid JWT Signature.", "signature does not verify");
    }
    if (claims.iss !== options.serviceAccount.clientEmail) {
      return reject(
        "invalid_grant",
        "Invalid grant: account not found",
        "iss is not the client email",
      );
    }
    const audiences = options.audiences ?? [tokenUrl, GOOGLE_TOKEN_AUDIENCE];
    if (typeof claims.aud !== "string" || !audiences.includes(claims.aud)) {
      return reject(
        "invalid_grant",
        `Invalid JWT: Failed audience check. The right audience is ${GOOGLE_TOKEN_AUDIENCE}`,
        `aud ${JSON.stringify(claims.aud)}`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const { iat, exp } = claims;
    if (
      typeof iat !== "number" || typeof exp !== "number" || exp <= iat || exp - iat > 3600 ||
      iat > now + 300 || exp < now
    ) {
      return reject(
        "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. " +
          "Check your iat and exp values in the JWT claim.",
        `iat ${String(iat)}, exp ${String(exp)}, now ${now}`,
      );
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(CLOUD_PLATFORM_SCOPE)) {
      return reject(
        "invalid_scope",
        "Invalid OAuth scope or ID token audience provided.",
        `scope ${JSON.stringify(claims.scope)}`,
      );
    }
    if (scenario === "unauthorized") return oauthError("invalid_grant", "Invalid JWT Signature.");
    const token = "ya29.c." + base64url(crypto.getRandomValues(new Uint8Array(120)));
    issuedTokens.push(token);
    expiries.set(token, Date.now() + lifetime * 1000);
    return jsonResponse({ access_token: token, expires_in: lifetime, token_type: "Bearer" }, 200, {
      "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
      pragma: "no-cache",
    });
  };

  const handle = (
    request: RecordedRequest,
    serverControl: FakeServerControl,
  ): Promise<Response> | Response => {
    const control = withPrefix(serverControl, "vertex");
    if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);
    const path = request.url.pathname;
    if (path === "/token") return exchangeToken(request, control);

    const match = MODEL_METHOD.exec(path);
    if (!match || request.method !== "POST") {
      control.recordViolation(`Unknown Vertex AI route "${request.method} ${path}"`);
      return googleNotFoundPage(path);
    }
    const [, version, project, location, encodedModel, method] = match;
    const model = decodeURIComponent(encodedModel);
    if (request.headers.has("x-goog-api-key")) {
      control.recordViolation("x-goog-api-key sent to Vertex AI with service-account auth");
    }
    if (request.url.searchParams.has("key")) {
      control.recordViolation(`Credential sent in the URL query ("key=") on "${path}"`);
    }
    const authorization = request.headers.get("authorization");
    if (authorization === null) {
      control.recordViolation(`No authorization header on "${path}"`);
      return unauthenticated("CREDENTIALS_MISSING", true);
    }
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    const expiry = token === undefined ? undefined : expiries.get(token);
    if (expiry === undefined) {
      control.recordViolation(
        `Authorization is not "Bearer <an issued access token>" on "${path}"`,
      );
      return unauthenticated("ACCESS_TOKEN_TYPE_UNSUPPORTED", false);
    }
    if (expiry <= Date.now()) {
      control.recordViolation(`Expired access token used on "${path}"`);
      return unauthenticated("ACCESS_TOKEN_EXPIRED", false);
    }
    if (scenario === "unauthorized") return unauthenticated("ACCESS_TOKEN_EXPIRED", false);

    const resource = `projects/${project}/locations/${location}/publishers/google/models/${model}`;
    if (project !== options.project) {
      control.recordViolation(
        `Wrong project "${project}" in "${path}" (expected "${options.project}")`,
      );
      return googleErrorResponse(
        403,
        "PERMISSION_DENIED",
        `Permission 'aiplatform.endpoints.predict' denied on resource ` +
          `'//aiplatform.googleapis.com/${resource}' (or it may not exist).`,
        [{
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "IAM_PERMISSION_DENIED",
          domain: "aiplatform.googleapis.com",
          metadata: { permission: "aiplatform.endpoints.predict", resource },
        }],
      );
    }
    if (location !== options.location) {
      control.recordViolation(
        `Wrong location "${location}" in "${path}" (expected "${options.location}")`,
      );
      return googleErrorResponse(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
    }
    if (method !== "generateContent" && method !== "streamGenerateContent") {
      control.recordViolation(`Unknown Vertex AI method "${method}" (${version})`);
      return googleNotFoundPage(path);
    }
    if (!models.includes(model)) {
      control.recordViolation(`Unknown Vertex AI model "${model}"`);
      return googleErrorResponse(
        404,
        "NOT_FOUND",
        `Publisher Model \`${resource}\` was not found or your project does not have access to it. ` +
          "Please ensure you are using a valid model version. For more information, see: " +
          "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions",
      );
    }
    if (scenario === "rate-limited") {
      return googleErrorResponse(
        429,
        "RESOURCE_EXHAUSTED",
        "Resource exhausted. Please try again later. Please refer to " +
          "https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
      );
    }
    if (scenario === "bad-request") return badRequestScenario();
    const problem = checkGenerateContentRequest(request);
    if (problem) {
      control.recordViolation(`Invalid GenerateContent request body on "${path}"`);
      return problem;
    }
    const stream = method === "streamGenerateContent";
    if (stream && request.url.searchParams.get("alt") !== "sse") {
      control.recordViolation(`streamGenerateContent without "alt=sse" on "${path}"`);
    }
    return generateContentAnswer({
      reply,
      modelVersion: model,
      request,
      stream,
      scenario,
      signal: control.signal,
      cachedTokens: options.cachedTokens,
      streamError: streamErrorFor(scenario, request, control),
      vertex: true,
    });
  };

  const server = await startFakeServer(handle);
  tokenUrl = `${server.url}/token`;
  return Object.assign(server, {
    tokenUrl,
    baseURL:
      `${server.url}/v1beta1/projects/${options.project}/locations/${options.location}/publishers/google`,
    issuedTokens,
  });
}

/** The same control, its violations prefixed with the provider's name. */
function withPrefix(control: FakeServerControl, prefix: string): FakeServerControl {
  return {
    url: control.url,
    signal: control.signal,
    requests: control.requests,
    recordViolation: (message) => control.recordViolation(`${prefix}: ${message}`),
  };
}

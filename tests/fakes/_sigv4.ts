/**
 * AWS Signature Version 4 (header form, `AWS4-HMAC-SHA256`): a verifier that
 * checks a received request the way an AWS endpoint does, and a signer, its
 * counterpart, that signs the way `aws4fetch` (used by `@ai-sdk/amazon-bedrock`)
 * does, for the self-tests.
 *
 * Canonical request, as AWS rebuilds it for every service but S3:
 *
 * ```
 * METHOD \n CANONICAL_URI \n CANONICAL_QUERY \n CANONICAL_HEADERS \n \n SIGNED_HEADERS \n PAYLOAD_HASH
 * ```
 *
 * - CANONICAL_URI: the path as it travelled (already percent-encoded once),
 *   with repeated slashes collapsed, each segment URI-encoded again. A Bedrock
 *   model id `anthropic.claude-v2:1` leaves the SDK as `anthropic.claude-v2%3A1`
 *   (`encodeURIComponent`) and is signed as `anthropic.claude-v2%253A1`.
 * - CANONICAL_QUERY: decoded pairs, each side RFC 3986-encoded, sorted.
 * - CANONICAL_HEADERS: each signed header `name:value` with the value trimmed
 *   and runs of white space collapsed; `host` is `host[:port]`.
 * - PAYLOAD_HASH: `x-amz-content-sha256` when sent, else hex SHA-256 of the body.
 *
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** An AWS key pair, optionally temporary (with its session token). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The parts of a received request that SigV4 covers. */
export interface SigV4Request {
  method: string;
  /** The full URL, path as received (percent-encoding kept). */
  url: string;
  headers: Headers;
  body: Uint8Array;
}

/** What the verifier accepts. */
export interface VerifySigV4Options {
  /** The known keys; any other access key id is unrecognized. */
  credentials: readonly AwsCredentials[];
  /** The endpoint's region, e.g. `us-east-1`. */
  region: string;
  /** The signing name, `bedrock` for Bedrock Runtime. */
  service: string;
  /** The server's clock (default: now). */
  now?: Date;
  /** Allowed clock skew in minutes (AWS: 5). */
  maxSkewMinutes?: number;
}

/** A rejected request: the AWS error to answer with, and what was wrong. */
export interface SigV4Failure {
  ok: false;
  status: 400 | 403;
  /** The `x-amzn-ErrorType` short name, e.g. `InvalidSignatureException`. */
  errorType:
    | "InvalidSignatureException"
    | "UnrecognizedClientException"
    | "MissingAuthenticationTokenException"
    | "IncompleteSignatureException";
  /** The `message` of the error body, as AWS words it. */
  message: string;
  /** For the fake's violation log: what exactly differed (holds no secret). */
  detail: string;
}

/** The result of {@linkcode verifySigV4}. */
export type SigV4Verification = { ok: true; accessKeyId: string } | SigV4Failure;

/** `x-amzn-ErrorType` suffix for signature errors raised by the AWS front end. */
export const CORAL_SERVICE_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.coral.service/";

const ALGORITHM = "AWS4-HMAC-SHA256";
const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. " +
  "Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";
/** Headers aws4fetch never signs. */
const UNSIGNABLE_HEADERS = new Set([
  "authorization",
  "content-type",
  "content-length",
  "user-agent",
  "presigned-expires",
  "expect",
  "x-amzn-trace-id",
  "range",
  "connection",
]);

/** RFC 3986 encoding of one path segment or query component (AWS `UriEncode`). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => "%" + character.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** The canonical URI of a path as received: segments encoded a second time. */
export function canonicalUri(pathname: string): string {
  const collapsed = pathname.replace(/\/+/g, "/");
  return collapsed.split("/").map(uriEncode).join("/") || "/";
}

/** The canonical query string of a URL. */
export function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .filter(([key]) => key !== "")
    .map(([key, value]) => [uriEncode(key), uriEncode(value)])
    .sort(([k1, v1], [k2, v2]) => k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0)
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Uint8Array | string, data: string): Uint8Array {
  return createHmac("sha256", key).update(data).digest();
}

/** The derived signing key for one day, region and service. */
function signingKey(secret: string, date: string, region: string, service: string): Uint8Array {
  const kDate = hmac("AWS4" + secret, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

interface CanonicalParts {
  method: string;
  url: URL;
  signedHeaders: readonly string[];
  headerValue: (name: string) => string;
  payloadHash: string;
}

function buildCanonicalRequest(parts: CanonicalParts): string {
  const headers = parts.signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(parts.headerValue(name))}\n`)
    .join("");
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.url.pathname),
    canonicalQuery(parts.url),
    headers,
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
}

function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  if (!value.startsWith(ALGORITHM + " ")) {
    return `Authorization header does not start with "${ALGORITHM} "`;
  }
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(",")) {
    const trimmed = part.trim();
    const equals = trimmed.indexOf("=");
    if (equals > 0) fields.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.has(name));
  if (missing.length > 0) {
    return missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" ");
  }
  const scope = fields.get("Credential")!.split("/");
  if (scope.length !== 5) {
    return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term`;
  }
  const [accessKeyId, date, region, service, terminator] = scope;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: fields.get("SignedHeaders")!.split(";"),
    signature: fields.get("Signature")!,
  };
}

function failure(
  errorType: SigV4Failure["errorType"],
  message: string,
  detail = message,
  status: 400 | 403 = 403,
): SigV4Failure {
  return { ok: false, status, errorType, message, detail };
}

/** `20240102T030405Z` → Date, or undefined when malformed. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** Date → `20240102T030405Z`. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

function secretFree(canonicalRequest: string, sessionToken: string | undefined): string {
  return sessionToken
    ? canonicalRequest.replaceAll(sessionToken, "<session token>")
    : canonicalRequest;
}

/**
 * Verifies a request's SigV4 `Authorization` header against known keys, in
 * the order an AWS front end checks: presence, form, key, token, date and
 * scope, clock skew, then the signature itself.
 */
export function verifySigV4(request: SigV4Request, options: VerifySigV4Options): SigV4Verification {
  const authorization = request.headers.get("authorization");
  if (authorization === null) {
    return failure(
      "MissingAuthenticationTokenException",
      "Missing Authentication Token",
      "no Authorization header",
    );
  }
  const parsed = parseAuthorization(authorization);
  if (typeof parsed === "string") {
    return failure("IncompleteSignatureException", parsed);
  }
  const known = options.credentials.find((entry) => entry.accessKeyId === parsed.accessKeyId);
  if (known === undefined) {
    return failure(
      "UnrecognizedClientException",
      INVALID_TOKEN,
      `unknown access key id "${parsed.accessKeyId.slice(0, 4)}…"`,
    );
  }
  const token = request.headers.get("x-amz-security-token");
  if ((known.sessionToken ?? null) !== token) {
    return failure(
      "UnrecognizedClientException",
      INVALID_TOKEN,
      token === null
        ? "temporary credentials signed without x-amz-security-token"
        : known.sessionToken === undefined
        ? "x-amz-security-token sent with long-term credentials"
        : "x-amz-security-token does not match the session token",
    );
  }
  const amzDateText = request.headers.get("x-amz-date");
  if (amzDateText === null) {
    return failure(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const amzDate = parseAmzDate(amzDateText);
  if (amzDate === undefined) {
    return failure(
      "IncompleteSignatureException",
      `Date must be in ISO-8601 'basic format'. Got '${amzDateText}'.`,
    );
  }
  if (parsed.date !== amzDateText.slice(0, 8)) {
    return failure(
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${
        amzDateText.slice(0, 8)
      }', from '${amzDateText}'.`,
    );
  }
  if (parsed.region !== options.region) {
    return failure(
      "InvalidSignatureException",
      "Credential should be scoped to a valid region. ",
      `credential scope region "${parsed.region}", expected "${options.region}"`,
    );
  }
  if (parsed.service !== options.service) {
    return failure(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${options.service}'. `,
      `credential scope service "${parsed.service}", expected "${options.service}"`,
    );
  }
  if (parsed.terminator !== "aws4_request") {
    return failure(
      "InvalidSignatureException",
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator}'. `,
    );
  }
  const now = options.now ?? new Date();
  const skew = (options.maxSkewMinutes ?? 5) * 60_000;
  if (amzDate.getTime() < now.getTime() - skew) {
    return failure(
      "InvalidSignatureException",
      `Signature expired: ${amzDateText} is now earlier than ${
        toAmzDate(new Date(now.getTime() - skew))
      } (${toAmzDate(now)} - 5 min.)`,
    );
  }
  if (amzDate.getTime() > now.getTime() + skew) {
    return failure(
      "InvalidSignatureException",
      `Signature not yet current: ${amzDateText} is still later than ${
        toAmzDate(new Date(now.getTime() + skew))
      } (${toAmzDate(now)} + 5 min.)`,
    );
  }
  const signed = parsed.signedHeaders;
  if (!signed.includes("host")) {
    return failure(
      "InvalidSignatureException",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  const unsigned = ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"].filter(
    (name) => request.headers.has(name) && !signed.includes(name),
  );
  if (unsigned.length > 0) {
    return failure(
      "InvalidSignatureException",
      SIGNATURE_MISMATCH,
      `headers sent but not signed: ${unsigned.join(", ")}`,
    );
  }
  const sorted = [...signed].sort();
  if (sorted.join(";") !== signed.join(";") || signed.some((name) => name !== name.toLowerCase())) {
    return failure(
      "InvalidSignatureException",
      SIGNATURE_MISMATCH,
      `SignedHeaders not lower-case and sorted: ${signed.join(";")}`,
    );
  }
  const bodyHash = sha256Hex(request.body);
  const declaredHash = request.headers.get("x-amz-content-sha256");
  if (declaredHash !== null && declaredHash !== "UNSIGNED-PAYLOAD" && declaredHash !== bodyHash) {
    return failure(
      "InvalidSignatureException",
      SIGNATURE_MISMATCH,
      "x-amz-content-sha256 does not match the body",
    );
  }
  const url = new URL(request.url);
  const canonicalRequest = buildCanonicalRequest({
    method: request.method,
    url,
    signedHeaders: signed,
    headerValue: (name) => request.headers.get(name) ?? "",
    payloadHash: declaredHash ?? bodyHash,
  });
  const scope = [parsed.date, parsed.region, parsed.service, "aws4_request"].join("/");
  const stringToSign = buildStringToSign(amzDateText, scope, canonicalRequest);
  const expected = createHmac(
    "sha256",
    signingKey(known.secretAccessKey, parsed.date, parsed.region, parsed.service),
  ).update(stringToSign).digest("hex");
  const provided = parsed.signature;
  const matches = provided.length === expected.length &&
    timingSafeEqual(new TextEncoder().encode(provided), new TextEncoder().encode(expected));
  if (!matches) {
    return failure(
      "InvalidSignatureException",
      SIGNATURE_MISMATCH,
      "signature mismatch; canonical request was:\n" +
        secretFree(canonicalRequest, known.sessionToken) +
        "\nstring to sign was:\n" + stringToSign,
    );
  }
  return { ok: true, accessKeyId: known.accessKeyId };
}

/** What {@linkcode signSigV4} signs. */
export interface SignSigV4Options {
  method: string;
  url: string;
  headers?: HeadersInit;
  body?: Uint8Array | string;
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** The signing time (default: now). */
  date?: Date;
}

/**
 * Signs a request as aws4fetch does: every header but the unsignable ones,
 * plus `host` and `x-amz-date` (and `x-amz-security-token`), path encoded
 * twice, body hashed. Returns the headers to send (`host` is not among them:
 * fetch sets it from the URL).
 *
 * @example
 * ```ts
 * const headers = signSigV4({
 *   method: "POST", url, body, region: "us-east-1", service: "bedrock",
 *   credentials: { accessKeyId, secretAccessKey },
 *   headers: { "content-type": "application/json" },
 * });
 * await fetch(url, { method: "POST", headers, body });
 * ```
 */
export function signSigV4(options: SignSigV4Options): Headers {
  const url = new URL(options.url);
  const headers = new Headers(options.headers);
  const amzDate = toAmzDate(options.date ?? new Date());
  headers.delete("host");
  headers.delete("authorization");
  headers.set("x-amz-date", amzDate);
  if (options.credentials.sessionToken) {
    headers.set("x-amz-security-token", options.credentials.sessionToken);
  }
  const signedHeaders = ["host", ...headers.keys()]
    .filter((name) => !UNSIGNABLE_HEADERS.has(name))
    .sort();
  const body = typeof options.body === "string"
    ? new TextEncoder().encode(options.body)
    : options.body ?? new Uint8Array();
  const canonicalRequest = buildCanonicalRequest({
    method: options.method,
    url,
    signedHeaders,
    headerValue: (name) => name === "host" ? url.host : headers.get(name) ?? "",
    payloadHash: headers.get("x-amz-content-sha256") ?? sha256Hex(body),
  });
  const date = amzDate.slice(0, 8);
  const scope = [date, options.region, options.service, "aws4_request"].join("/");
  const signature = createHmac(
    "sha256",
    signingKey(options.credentials.secretAccessKey, date, options.region, options.service),
  ).update(buildStringToSign(amzDate, scope, canonicalRequest)).digest("hex");
  headers.set(
    "authorization",
    `${ALGORITHM} Credential=${options.credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
  );
  return headers;
}

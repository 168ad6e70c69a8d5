/**
 * A fake of AWS Secrets Manager's `GetSecretValue` (AWS JSON 1.1 protocol)
 * on 127.0.0.1: `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `Content-Type: application/x-amz-json-1.1`, a SigV4 signature for the
 * service `secretsmanager` in the fake's region (checked with
 * `_sigv4.ts`), and a body `{"SecretId": name or ARN}`.
 *
 * Answers as the service does: `{ ARN, Name, VersionId, SecretString |
 * SecretBinary, VersionStages, CreatedDate }`; errors as
 * `{ "__type", "message" }` with `x-amzn-ErrorType`
 * (`ResourceNotFoundException`, `UnrecognizedClientException`,
 * `InvalidSignatureException`, `UnknownOperationException`,
 * `SerializationException`).
 *
 * A malformed request is recorded as a violation; an unknown access key and
 * an unknown secret are not (they are scenarios tests provoke).
 *
 * @module
 */
import {
  type FakeServer,
  isRecord,
  jsonResponse,
  type RecordedRequest,
  startFakeServer,
} from "./_fake_server.ts";
import { type AwsCredentials, verifySigV4 } from "./_sigv4.ts";

/** One stored secret: a string or binary (base64) value. */
export interface FakeAwsSecret {
  SecretString?: string;
  SecretBinary?: string;
}

/** Options of {@linkcode startAwsSecretsManagerFake}. */
export interface AwsSecretsManagerFakeOptions {
  /** The keys that may sign. */
  credentials: readonly AwsCredentials[];
  /** The endpoint's region. */
  region: string;
  /** The account id in ARNs; `123456789012` by default. */
  accountId?: string;
  /** Secrets by name. */
  secrets: Record<string, FakeAwsSecret>;
}

/** A running Secrets Manager fake. */
export interface AwsSecretsManagerFake extends FakeServer {
  /** The ARN of a stored secret (its name plus AWS's random 6-character suffix). */
  arnOf(name: string): string;
}

const JSON_11 = "application/x-amz-json-1.1";
const SECRET_ID_FIELDS = new Set(["SecretId", "VersionId", "VersionStage"]);

function awsError(status: number, type: string, message: string): Response {
  return jsonResponse({ __type: type, message }, status, {
    "content-type": JSON_11,
    "x-amzn-errortype": type,
    "x-amzn-requestid": crypto.randomUUID(),
  });
}

/** Starts the Secrets Manager fake. */
export async function startAwsSecretsManagerFake(
  options: AwsSecretsManagerFakeOptions,
): Promise<AwsSecretsManagerFake> {
  const account = options.accountId ?? "123456789012";
  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${options.region}:${account}:secret:${name}-Ab12Cd`;
  const handle = (request: RecordedRequest, control: { recordViolation(m: string): void }) => {
    const violation = (message: string) => control.recordViolation(`aws-sm: ${message}`);
    if (request.method !== "POST" || request.url.pathname !== "/" || request.url.search !== "") {
      violation(`unexpected "${request.method} ${request.url.pathname}${request.url.search}"`);
      return awsError(404, "UnknownOperationException", "");
    }
    const type = request.headers.get("content-type") ?? "";
    if (type !== JSON_11) {
      violation(`content-type "${type}"`);
      return awsError(400, "SerializationException", "");
    }
    const target = request.headers.get("x-amz-target");
    if (target !== "secretsmanager.GetSecretValue") {
      violation(`X-Amz-Target "${target}"`);
      return awsError(400, "UnknownOperationException", "");
    }
    const verification = verifySigV4(
      {
        method: request.method,
        url: request.url.href,
        headers: request.headers,
        body: new TextEncoder().encode(request.bodyText),
      },
      { credentials: options.credentials, region: options.region, service: "secretsmanager" },
    );
    if (!verification.ok) {
      if (verification.errorType !== "UnrecognizedClientException") {
        violation(`SigV4 rejected (${verification.errorType}): ${verification.detail}`);
      }
      return awsError(verification.status, verification.errorType, verification.message);
    }
    const body = request.json;
    if (!isRecord(body) || typeof body.SecretId !== "string" || body.SecretId === "") {
      violation('body is not {"SecretId": string}');
      return awsError(
        400,
        "ValidationException",
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const unknown = Object.keys(body).filter((key) => !SECRET_ID_FIELDS.has(key));
    if (unknown.length > 0) {
      violation(`unknown body fields ${unknown.join(", ")}`);
      return awsError(400, "SerializationException", `Unknown field ${unknown[0]}`);
    }
    const name = Object.keys(options.secrets).find((candidate) =>
      candidate === body.SecretId || arnOf(candidate) === body.SecretId
    );
    if (name === undefined) {
      return awsError(
        400,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return jsonResponse(
      {
        ARN: arnOf(name),
        Name: name,
        VersionId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        ...options.secrets[name],
        VersionStages: ["AWSCURRENT"],
        CreatedDate: 1767225600.123,
      },
      200,
      { "content-type": JSON_11, "x-amzn-requestid": crypto.randomUUID() },
    );
  };
  const server = await startFakeServer(handle);
  return Object.assign(server, { arnOf });
}

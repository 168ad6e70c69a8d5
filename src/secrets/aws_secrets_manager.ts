/**
 * AWS Secrets Manager, `GetSecretValue` over the AWS JSON 1.1 protocol:
 * `POST https://secretsmanager.{region}.amazonaws.com/` with
 * `X-Amz-Target: secretsmanager.GetSecretValue`, `Content-Type:
 * application/x-amz-json-1.1`, body `{"SecretId": …}`, signed with SigV4
 * (`aws4fetch`).
 *
 * The region is the ARN's when the reference is an ARN, else the AWS region
 * the credential module resolves (`AWS_REGION`, …). The endpoint is the
 * regional one unless `AWS_ENDPOINT_URL_SECRETS_MANAGER` is set in the
 * process environment (the AWS SDKs' own setting, for VPC endpoints and
 * local emulators).
 *
 * @module
 */
import { AwsClient } from "aws4fetch";
import { registerSecret } from "../security/redact.ts";
import { isRecord, type ManagerFetchOptions, oneLine, parseEndpoint, readJson } from "./_http.ts";
import { AWS_SECRETS_MANAGER_ENDPOINT_ENV } from "../permissions/manager_env_names.ts";
import type { AwsSecretRef } from "../config/parse_secret_ref.ts";

/** The AWS credentials that sign the request. */
export interface AwsManagerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** The resolved AWS region, used when the reference is not an ARN. */
  region?: string;
}

/** Options of {@linkcode readAwsSecret}. */
export interface AwsSecretsManagerOptions extends ManagerFetchOptions {
  /** Reads `AWS_ENDPOINT_URL_SECRETS_MANAGER` from the process environment. */
  env: (name: string) => string | undefined;
  /** The credentials; throws an `Error` explaining what is missing. */
  credentials: () => AwsManagerCredentials;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;

/** The regional endpoint of Secrets Manager. */
export function secretsManagerEndpoint(region: string): string {
  return `https://secretsmanager.${region}.amazonaws.com`;
}

function awsError(response: Response, body: unknown): string {
  const header = response.headers.get("x-amzn-errortype") ?? "";
  const typeFromBody = isRecord(body) && typeof body.__type === "string" ? body.__type : "";
  const type = (header || typeFromBody).split(":")[0].split("#").pop() || `${response.status}`;
  const message = isRecord(body)
    ? [body.message, body.Message].find((each) => typeof each === "string")
    : undefined;
  return message ? `${type}: ${oneLine(message as string)}` : type;
}

/**
 * Reads a secret's string (or its binary as UTF-8 text), or one field of it
 * when it is a JSON object. The secret and every string field of it are
 * registered with the redaction module as soon as they arrive.
 *
 * @throws {Error} naming the secret (never a value) when credentials or the
 * region are missing, AWS refuses, or the field is absent.
 */
export async function readAwsSecret(
  ref: AwsSecretRef,
  options: AwsSecretsManagerOptions,
): Promise<string> {
  const credentials = options.credentials();
  registerSecret(credentials.secretAccessKey, "AWS_SECRET_ACCESS_KEY");
  if (credentials.sessionToken) registerSecret(credentials.sessionToken, "AWS_SESSION_TOKEN");
  const region = ref.region ?? credentials.region;
  if (!region) {
    throw new Error("no AWS region: set AWS_REGION, or name the secret by its ARN");
  }
  if (!REGION.test(region)) {
    throw new Error(`invalid AWS region "${region}": expected a region such as us-east-1`);
  }
  const override = options.env(AWS_SECRETS_MANAGER_ENDPOINT_ENV);
  const endpoint = override
    ? parseEndpoint(override, AWS_SECRETS_MANAGER_ENDPOINT_ENV)
    : secretsManagerEndpoint(region);
  const client = new AwsClient({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    service: "secretsmanager",
    region,
  });
  const request = await client.sign(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "secretsmanager.GetSecretValue",
    },
    body: JSON.stringify({ SecretId: ref.secretId }),
  });
  const response = await options.fetch(request);
  const body = await readJson(response);
  if (!response.ok) {
    throw new Error(
      `AWS Secrets Manager answered ${response.status} (${awsError(response, body)})`,
    );
  }
  const secret = readSecretText(body);
  registerSecret(secret, "aws-sm");
  if (ref.jsonField === undefined) return secret;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new Error(`the secret is not JSON, so it has no field "${ref.jsonField}"`);
  }
  if (!isRecord(parsed)) throw new Error(`the secret is not a JSON object`);
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string") registerSecret(value, `aws-sm#${key}`);
  }
  const value = Object.hasOwn(parsed, ref.jsonField) ? parsed[ref.jsonField] : undefined;
  if (typeof value !== "string" || value === "") {
    throw new Error(`the secret has no non-empty string field "${ref.jsonField}"`);
  }
  return value;
}

function readSecretText(body: unknown): string {
  if (isRecord(body) && typeof body.SecretString === "string" && body.SecretString !== "") {
    return body.SecretString;
  }
  if (isRecord(body) && typeof body.SecretBinary === "string" && body.SecretBinary !== "") {
    try {
      const bytes = Uint8Array.fromBase64(body.SecretBinary);
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new Error("the secret is binary and not UTF-8 text");
    }
  }
  throw new Error("the answer holds no SecretString");
}

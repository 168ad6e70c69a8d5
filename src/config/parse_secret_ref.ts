/**
 * Secret references: a credential stored as the address of a secret in a
 * secret manager instead of its value. Pure: this file knows the grammar of
 * each form and nothing about how it is fetched.
 *
 * | form                                           | manager                                                  |
 * | ---------------------------------------------- | -------------------------------------------------------- |
 * | `env://NAME`                                   | an environment variable the permission set allows        |
 * | `vault://[mount/]path#field`                   | HashiCorp Vault KV v2 (mount `secret` when only one segment) |
 * | `aws-sm://name-or-arn[#json-field]`            | AWS Secrets Manager                                      |
 * | `azure-kv://vault-name/secret-name[/version]`  | Azure Key Vault                                          |
 * | `gcp-sm://projects/P/secrets/S[/versions/V]`   | Google Secret Manager (version `latest` when absent)     |
 *
 * @module
 */
import { SECRET_REF_SCHEME } from "./is_secret_ref.ts";

/** The kind of a reference: its scheme. */
export type SecretRefKind = "env" | "vault" | "aws-sm" | "azure-kv" | "gcp-sm";

/** Every reference kind, in the order they are documented. */
export const SECRET_REF_KINDS: readonly SecretRefKind[] = [
  "env",
  "vault",
  "aws-sm",
  "azure-kv",
  "gcp-sm",
];

/** `env://NAME`. */
export interface EnvSecretRef {
  readonly kind: "env";
  /** The reference as written. */
  readonly text: string;
  /** The variable name. */
  readonly name: string;
}

/** `vault://[mount/]path#field`. */
export interface VaultSecretRef {
  readonly kind: "vault";
  readonly text: string;
  /** The KV v2 mount, `secret` when the reference names none. */
  readonly mount: string;
  /** The secret's path under the mount, segments joined by `/`. */
  readonly path: string;
  /** The key inside the secret's data. */
  readonly field: string;
}

/** `aws-sm://name-or-arn[#json-field]`. */
export interface AwsSecretRef {
  readonly kind: "aws-sm";
  readonly text: string;
  /** The `SecretId`: the secret's name or full ARN. */
  readonly secretId: string;
  /** The region of an ARN; undefined for a name. */
  readonly region?: string;
  /** The key to read when the secret string is a JSON object. */
  readonly jsonField?: string;
}

/** `azure-kv://vault-name/secret-name[/version]`. */
export interface AzureSecretRef {
  readonly kind: "azure-kv";
  readonly text: string;
  /** The vault's name (`{vault}.vault.azure.net`). */
  readonly vault: string;
  /** The secret's name. */
  readonly name: string;
  /** The version (32 hexadecimal digits); the current one when absent. */
  readonly version?: string;
}

/** `gcp-sm://projects/P/secrets/S[/versions/V]`. */
export interface GcpSecretRef {
  readonly kind: "gcp-sm";
  readonly text: string;
  /** Project id or number. */
  readonly project: string;
  /** Secret id. */
  readonly secret: string;
  /** Version number or alias; `latest` when absent. */
  readonly version: string;
}

/** A parsed reference. */
export type SecretRef =
  | EnvSecretRef
  | VaultSecretRef
  | AwsSecretRef
  | AzureSecretRef
  | GcpSecretRef;

/** The syntax of each kind, for messages and help. */
export const SECRET_REF_FORMS: Readonly<Record<SecretRefKind, string>> = {
  "env": "env://NAME",
  "vault": "vault://[mount/]path#field",
  "aws-sm": "aws-sm://name-or-arn[#json-field]",
  "azure-kv": "azure-kv://vault-name/secret-name[/version]",
  "gcp-sm": "gcp-sm://projects/P/secrets/S[/versions/V]",
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VAULT_SEGMENT = /^[A-Za-z0-9_.@-]+$/;
const FIELD = /^[A-Za-z0-9_.@-]+$/;
const AWS_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const AWS_ARN =
  /^arn:aws(-[a-z]+)*:secretsmanager:([a-z]{2}(-gov)?-[a-z]+-\d{1,2}):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$/;
const AZURE_VAULT = /^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;
const AZURE_SECRET = /^[A-Za-z0-9-]{1,127}$/;
const AZURE_VERSION = /^[0-9a-fA-F]{32}$/;
const GCP_PROJECT = /^([a-z][a-z0-9-]{4,28}[a-z0-9]|\d{1,20})$/;
const GCP_SECRET = /^[A-Za-z0-9_-]{1,255}$/;
const GCP_VERSION = /^[A-Za-z0-9_-]{1,63}$/;

/** Longest reference quoted in a message; a longer text may be a pasted secret. */
const MAX_QUOTED = 300;

export { isSecretRef } from "./is_secret_ref.ts";

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `of ${text.length} characters` : `"${text}"`;
}

function malformed(text: string, kind: SecretRefKind | undefined, problem: string): SyntaxError {
  const form = kind === undefined
    ? `one of ${SECRET_REF_KINDS.map((each) => `${each}://`).join(", ")}`
    : SECRET_REF_FORMS[kind];
  return new SyntaxError(
    `Cannot parse secret reference ${quote(text)}: ${problem}; expected ${form}`,
  );
}

/** Splits `body` at its one `#`; more than one is malformed. */
function splitFragment(
  text: string,
  kind: SecretRefKind,
  body: string,
): [string, string | undefined] {
  const parts = body.split("#");
  if (parts.length > 2) throw malformed(text, kind, 'more than one "#"');
  return [parts[0], parts[1]];
}

function parseEnv(text: string, body: string): EnvSecretRef {
  if (!ENV_NAME.test(body)) {
    throw malformed(text, "env", "the variable name must be letters, digits and _");
  }
  return { kind: "env", text, name: body };
}

function parseVault(text: string, body: string): VaultSecretRef {
  const [path, field] = splitFragment(text, "vault", body);
  if (field === undefined || field === "") {
    throw malformed(text, "vault", 'the field after "#" is missing');
  }
  if (!FIELD.test(field)) {
    throw malformed(text, "vault", "the field must be letters, digits, _ . @ and -");
  }
  const segments = path.split("/");
  if (
    path === "" ||
    segments.some((segment) => !VAULT_SEGMENT.test(segment) || segment === "." || segment === "..")
  ) {
    throw malformed(
      text,
      "vault",
      "the path must be non-empty segments of letters, digits, _ . @ and - separated by /",
    );
  }
  return segments.length === 1
    ? { kind: "vault", text, mount: "secret", path: segments[0], field }
    : { kind: "vault", text, mount: segments[0], path: segments.slice(1).join("/"), field };
}

function parseAws(text: string, body: string): AwsSecretRef {
  const [secretId, jsonField] = splitFragment(text, "aws-sm", body);
  if (jsonField !== undefined && !FIELD.test(jsonField)) {
    throw malformed(
      text,
      "aws-sm",
      'the JSON field after "#" must be letters, digits, _ . @ and -',
    );
  }
  const field = jsonField === undefined ? {} : { jsonField };
  if (secretId.startsWith("arn:")) {
    const match = AWS_ARN.exec(secretId);
    if (!match) {
      throw malformed(
        text,
        "aws-sm",
        "the ARN must be arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME",
      );
    }
    return { kind: "aws-sm", text, secretId, region: match[2], ...field };
  }
  if (!AWS_NAME.test(secretId)) {
    throw malformed(
      text,
      "aws-sm",
      "the name must be 1 to 512 letters, digits and / _ + = . @ -",
    );
  }
  return { kind: "aws-sm", text, secretId, ...field };
}

function parseAzure(text: string, body: string): AzureSecretRef {
  const [vault, name, version, ...rest] = body.split("/");
  if (rest.length > 0 || name === undefined) {
    throw malformed(text, "azure-kv", "expected two or three segments");
  }
  if (!AZURE_VAULT.test(vault) || vault.includes("--")) {
    throw malformed(
      text,
      "azure-kv",
      "the vault name must be 3 to 24 letters, digits and single hyphens, starting with a letter",
    );
  }
  if (!AZURE_SECRET.test(name)) {
    throw malformed(text, "azure-kv", "the secret name must be 1 to 127 letters, digits and -");
  }
  if (version === undefined) return { kind: "azure-kv", text, vault, name };
  if (!AZURE_VERSION.test(version)) {
    throw malformed(text, "azure-kv", "the version must be 32 hexadecimal digits");
  }
  return { kind: "azure-kv", text, vault, name, version };
}

function parseGcp(text: string, body: string): GcpSecretRef {
  const segments = body.split("/");
  const shaped = (segments.length === 4 || segments.length === 6) &&
    segments[0] === "projects" && segments[2] === "secrets" &&
    (segments.length === 4 || segments[4] === "versions");
  if (!shaped) {
    throw malformed(text, "gcp-sm", "expected projects/P/secrets/S, optionally /versions/V");
  }
  const [, project, , secret, , version = "latest"] = segments;
  if (!GCP_PROJECT.test(project)) {
    throw malformed(text, "gcp-sm", "the project must be a project id or number");
  }
  if (!GCP_SECRET.test(secret)) {
    throw malformed(text, "gcp-sm", "the secret id must be 1 to 255 letters, digits, _ and -");
  }
  if (!GCP_VERSION.test(version)) {
    throw malformed(text, "gcp-sm", "the version must be a number, latest or an alias");
  }
  return { kind: "gcp-sm", text, project, secret, version };
}

/**
 * Parses a secret reference.
 *
 * @example
 * ```ts
 * import { parseSecretRef } from "./parse_secret_ref.ts";
 * parseSecretRef("vault://kv/team/openai#api_key");
 * // { kind: "vault", text: "vault://kv/team/openai#api_key", mount: "kv", path: "team/openai", field: "api_key" }
 * ```
 *
 * @throws {SyntaxError} when the text is not a well-formed reference; the
 * message quotes the reference and says what is wrong.
 */
export function parseSecretRef(text: string): SecretRef {
  const scheme = SECRET_REF_SCHEME.exec(text);
  if (!scheme) throw malformed(text, undefined, "unknown scheme");
  const kind = scheme[1] as SecretRefKind;
  const body = text.slice(scheme[0].length);
  if (/[\s?]/.test(body)) throw malformed(text, kind, "white space or ? is not allowed");
  switch (kind) {
    case "env":
      return parseEnv(text, body);
    case "vault":
      return parseVault(text, body);
    case "aws-sm":
      return parseAws(text, body);
    case "azure-kv":
      return parseAzure(text, body);
    case "gcp-sm":
      return parseGcp(text, body);
  }
}

/**
 * The environment variables the secret managers are configured by. They are
 * read from the process environment only, never from a `.env` file; the
 * permission set grants them by name.
 *
 * @module
 */

/** HashiCorp Vault: address, token and (Enterprise) namespace. */
export const VAULT_ENV_NAMES = ["VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE"] as const;

/** Microsoft Entra client credentials for Azure Key Vault. */
export const AZURE_ENV_NAMES = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
] as const;

/** The AWS SDKs' service-specific endpoint variable for Secrets Manager. */
export const AWS_SECRETS_MANAGER_ENDPOINT_ENV = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

/** The JSON text of a service-account key for Google Secret Manager (else Vertex's). */
export const GCP_SERVICE_ACCOUNT_ENV = "OMNIMANCER_GCP_SERVICE_ACCOUNT";

/** Every variable above (for the permission set; `OMNIMANCER_*` is granted by prefix anyway). */
export const SECRET_MANAGER_ENV_NAMES: readonly string[] = [
  ...VAULT_ENV_NAMES,
  ...AZURE_ENV_NAMES,
  AWS_SECRETS_MANAGER_ENDPOINT_ENV,
  GCP_SERVICE_ACCOUNT_ENV,
];

/** The variables above that hold secrets, registered with the redaction module at start-up. */
export const SECRET_MANAGER_SECRET_ENV_NAMES: readonly string[] = [
  "VAULT_TOKEN",
  "AZURE_CLIENT_SECRET",
  GCP_SERVICE_ACCOUNT_ENV,
];

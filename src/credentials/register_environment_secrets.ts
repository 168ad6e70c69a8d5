/**
 * Registers the credentials in the environment with the redaction module, so
 * that every command, `omn redact` included, masks them wherever they appear.
 *
 * @module
 */
import {
  credentialEnvNames,
  PROVIDER_CREDENTIALS,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import { SECRET_MANAGER_SECRET_ENV_NAMES } from "../permissions/manager_env_names.ts";
import { PASSPHRASE_ENV } from "../keystore/passphrase_env.ts";

/**
 * Registers every secret-holding credential variable that is set, and the
 * secret managers' secrets (`VAULT_TOKEN`, `AZURE_CLIENT_SECRET`,
 * `OMNIMANCER_GCP_SERVICE_ACCOUNT`), and the passphrase of the stored keys
 * (`OMNIMANCER_PASSPHRASE`).
 */
export function registerEnvironmentSecrets(
  env: (name: string) => string | undefined,
  register: (value: string, kind: string) => void,
): void {
  const secretNames = new Set(
    Object.keys(PROVIDER_CREDENTIALS).flatMap((provider) =>
      providerCredentials(provider).fields.filter((field) => field.secret).flatMap((field) =>
        field.envNames
      )
    ),
  );
  for (const name of credentialEnvNames()) {
    if (!secretNames.has(name)) continue;
    const value = env(name);
    if (value) register(value, name);
  }
  for (const name of [...SECRET_MANAGER_SECRET_ENV_NAMES, PASSPHRASE_ENV]) {
    const value = env(name);
    if (value) register(value, name);
  }
}

/**
 * Custom endpoints whose ids differ only by `-` and `_` (`corp-gw`,
 * `corp_gw`) read their key from one variable, `OMNIMANCER_CORP_GW_API_KEY`:
 * a key set there for one would go to the other's endpoint too. Such a key
 * is refused; a key stored for one of them in the config is its own.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { omnimancerEnvName } from "../permissions/provider_credentials.ts";
import type { ResolvedCredentials } from "./resolve_credentials.ts";

/**
 * Throws a {@linkcode RefusalError} (exit 3) when `resolved`'s API key came
 * from `OMNIMANCER_<ID>_API_KEY` (the environment or a `.env` file) and
 * another of `providers` reads the same variable.
 */
export function refuseSharedEnvKey(
  resolved: ResolvedCredentials,
  providers: readonly string[],
): void {
  const field = resolved.fields.api_key;
  const variable = omnimancerEnvName(resolved.provider, "api_key");
  if (field?.variable !== variable || !["env", ".env", "config-dir .env"].includes(field.source)) {
    return;
  }
  const sharing = providers.filter((other) =>
    other !== resolved.provider && omnimancerEnvName(other, "api_key") === variable
  );
  if (sharing.length === 0) return;
  throw new RefusalError(
    `Refusing the key in ${variable} for ${resolved.provider}: ${variable} names the key of ${
      [resolved.provider, ...sharing].join(" and ")
    } alike; store each endpoint's key with "omn keys set ${resolved.provider}", or rename one of them`,
  );
}

/**
 * Copies of a config with its secret fields masked or removed, without zod.
 *
 * @module
 */
import { isSecretRef } from "./is_secret_ref.ts";
import { SECRET_FIELDS } from "./config_constants.ts";
import type { Config } from "./schema.ts";

/**
 * A copy of `config` with every secret field replaced by `mask(value)`; a
 * secret reference (`vault://…`) is not a secret and is shown as it is.
 *
 * @example
 * ```ts
 * import { maskConfig } from "./mask_config.ts";
 * const config = { version: 1 as const, providers: { openai: { api_key: "sk-proj-abc" } } };
 * maskConfig(config, (value) => value.slice(0, 3) + "****");
 * // { version: 1, providers: { openai: { api_key: "sk-****" } } }
 * ```
 */
export function maskConfig(config: Config, mask: (value: string) => string): Config {
  return mapSecrets(config, (value) => isSecretRef(value) ? value : mask(value));
}

/** A copy of `config` without any secret field. */
export function stripSecrets(config: Config): Config {
  return mapSecrets(config, () => undefined);
}

function mapSecrets(config: Config, map: (value: string) => string | undefined): Config {
  const next = structuredClone(config);
  const profiles = Object.values(next.profiles ?? {});
  const providers = [next.providers, ...profiles.map((profile) => profile.providers)];
  for (const provider of providers.flatMap((entries) => Object.values(entries ?? {}))) {
    for (const field of SECRET_FIELDS) {
      const value = provider[field];
      if (value === undefined) continue;
      const mapped = map(value);
      if (mapped === undefined) delete provider[field];
      else provider[field] = mapped;
    }
  }
  return next;
}

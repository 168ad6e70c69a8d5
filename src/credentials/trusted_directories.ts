/**
 * Which working directories omn reads `./.env` in: those the user trusted
 * with `omn trust` (kept in `trusted_directories` of the config file), or
 * any directory when `OMNIMANCER_TRUST_DOTENV=1` (for CI). Pure.
 *
 * A directory is named by its absolute path as the operating system reports
 * the working directory (symbolic links resolved); trusting a directory does
 * not trust its subdirectories.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";

/** The variable that trusts every working directory's `./.env` (for CI). */
export const TRUST_DOTENV_VARIABLE = "OMNIMANCER_TRUST_DOTENV";

/** Why `./.env` may be read, or `undefined` when it may not. */
export type DotenvTrust = "trusted directory" | typeof TRUST_DOTENV_VARIABLE;

/** The trusted directories of a config, in the order they were added. */
export function trustedDirectories(config: Pick<Config, "trusted_directories">): string[] {
  return [...(config.trusted_directories ?? [])];
}

/**
 * Whether `./.env` of `dir` may be read: `dir` is trusted, or
 * `OMNIMANCER_TRUST_DOTENV` is `1` (or `true`).
 *
 * @example
 * ```ts
 * import { dotenvTrust } from "./trusted_directories.ts";
 * dotenvTrust("/work/app", { version: 1, trusted_directories: ["/work/app"] }, () => undefined);
 * // "trusted directory"
 * ```
 */
export function dotenvTrust(
  dir: string,
  config: Pick<Config, "trusted_directories">,
  env: (name: string) => string | undefined,
): DotenvTrust | undefined {
  const variable = env(TRUST_DOTENV_VARIABLE)?.trim().toLowerCase();
  if (variable === "1" || variable === "true") return TRUST_DOTENV_VARIABLE;
  return trustedDirectories(config).includes(dir) ? "trusted directory" : undefined;
}

/** `config` with `dir` trusted (unchanged when it already is). */
export function withTrustedDirectory<T extends Pick<Config, "trusted_directories">>(
  config: T,
  dir: string,
): T {
  const dirs = trustedDirectories(config);
  if (dirs.includes(dir)) return config;
  return { ...config, trusted_directories: [...dirs, dir] };
}

/** `config` without `dir` among its trusted directories (the field goes when empty). */
export function withoutTrustedDirectory<T extends Pick<Config, "trusted_directories">>(
  config: T,
  dir: string,
): T {
  const dirs = trustedDirectories(config).filter((trusted) => trusted !== dir);
  const next = { ...config };
  if (dirs.length === 0) delete next.trusted_directories;
  else next.trusted_directories = dirs;
  return next;
}

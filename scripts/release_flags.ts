/**
 * The permission set a compiled release is built with (`deno task compile`):
 * portable by default, pinned to the builder's config directory with
 * `--pin-home`.
 *
 * @module
 */
import { join } from "node:path";
import { parseExtraHosts, permissionFlags } from "../src/permissions/permission_set.ts";

/** The release targets `deno task compile` builds. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** The home-directory roots of each operating system: a portable build's config grant. */
export const HOME_ROOTS: Readonly<Record<string, readonly string[]>> = {
  linux: ["/home", "/root"],
  darwin: ["/Users"],
  windows: ["C:\\Users"],
};

/** `linux`, `darwin` or `windows` for a target triple. */
export function osOf(target: string): string {
  return target.includes("linux") ? "linux" : target.includes("apple") ? "darwin" : "windows";
}

/** Options of {@linkcode releaseConfigDirs} and {@linkcode releaseFlags}. */
export interface ReleaseOptions {
  /** Pin read and write to the builder's own config directory (`--pin-home`). */
  pinHome: boolean;
  /** The builder's environment. */
  env: (name: string) => string | undefined;
}

/**
 * The directories a release may read and write: the home-directory roots of
 * the target's operating system (portable, the default), or with `pinHome`
 * exactly the builder's config directory (`OMNIMANCER_HOME`, else
 * `~/.omnimancer`).
 *
 * @throws {Error} when pinning and neither `OMNIMANCER_HOME` nor `HOME` is set.
 */
export function releaseConfigDirs(target: string, options: ReleaseOptions): string[] {
  if (!options.pinHome) return [...HOME_ROOTS[osOf(target)]];
  const explicit = options.env("OMNIMANCER_HOME");
  if (explicit) return [explicit];
  const home = options.env("HOME") ?? options.env("USERPROFILE");
  if (!home) throw new Error("Cannot pin the config directory: set HOME or OMNIMANCER_HOME");
  return [join(home, ".omnimancer")];
}

/**
 * The permission flags of a release for `target`; `programDirs` is for a
 * `deno run` of the bundle standing in for the binary (a binary embeds its
 * chunks and needs none).
 *
 * @example
 * ```ts
 * import { releaseFlags } from "./release_flags.ts";
 * releaseFlags("x86_64-unknown-linux-gnu", { pinHome: false, env: () => undefined });
 * // [..., "--allow-read=/home,/root,.env", "--allow-write=/home,/root", ...]
 * ```
 */
export function releaseFlags(
  target: string,
  options: ReleaseOptions & { programDirs?: string[] },
): string[] {
  return permissionFlags({
    configDirs: releaseConfigDirs(target, options),
    dotenvFiles: [".env"],
    programDirs: options.programDirs,
    extraHosts: parseExtraHosts(options.env("OMNIMANCER_EXTRA_HOSTS")),
  });
}

/** The omnimancer release version. */
export const VERSION = "0.1.0";

/** `omn --version` text: omnimancer version, Deno version and build target. */
export function versionText(): string {
  return `omn ${VERSION} (deno ${Deno.version.deno}, ${Deno.build.target})`;
}

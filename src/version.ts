/**
 * What `omn --version` reports: the omnimancer version, the Deno version and
 * target, and for a compiled binary the commit, build date and permission
 * set it was built with (stamped by `scripts/compile.ts`).
 *
 * @module
 */

/** The omnimancer release version. */
export const VERSION = "0.1.0";

/** What `deno task compile` stamps into a binary before `main.ts` runs. */
export interface BuildStamp {
  commit: string | null;
  date: string;
  permissions: string[];
}

/** The stamp of a compiled binary, or `undefined` when running from source. */
export function buildStamp(): BuildStamp | undefined {
  return (globalThis as { omnimancerBuild?: BuildStamp }).omnimancerBuild;
}

/** `omn --version` text: omnimancer version, Deno version and build target. */
export function versionText(): string {
  return `omn ${VERSION} (deno ${Deno.version.deno}, ${Deno.build.target})`;
}

/** `omn --version --json`: the same, with the build stamp (nulls from source). */
export function versionJson(): string {
  const stamp = buildStamp();
  return JSON.stringify({
    version: VERSION,
    commit: stamp?.commit ?? null,
    build_date: stamp?.date ?? null,
    deno: Deno.version.deno,
    target: Deno.build.target,
    build: stamp ? "compiled" : "source",
    permissions: stamp?.permissions ?? null,
  });
}

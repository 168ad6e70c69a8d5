/**
 * Where `omn batch` keeps its jobs: `jobs/<name>.jsonl` in the config
 * directory, one journal per job.
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../core/errors.ts";

/**
 * Job names: a letter or digit, then letters, digits, `.`, `_` or `-`, at
 * most 64 characters. No separator can appear, so a name never leaves the
 * `jobs` directory.
 */
export const JOB_NAME_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The journal's extension. */
export const JOURNAL_EXTENSION = ".jsonl";

/** The paths of one job. */
export interface JobPaths {
  /** `jobs/` in the config directory (mode 0700). */
  dir: string;
  /** `jobs/<name>.jsonl`, the job's results, one JSON object a line (mode 0600). */
  journal: string;
}

/** The `jobs` directory of a config directory. */
export function jobsDir(configDir: string): string {
  return join(configDir, "jobs");
}

/**
 * The paths of job `name` in `configDir`.
 *
 * @example
 * ```ts
 * import { jobPaths } from "./job_paths.ts";
 * jobPaths("/home/ada/.omnimancer", "reviews-2026").journal;
 * // "/home/ada/.omnimancer/jobs/reviews-2026.jsonl"
 * ```
 *
 * @throws {UsageError} when `name` is not a valid job name.
 */
export function jobPaths(configDir: string, name: string): JobPaths {
  if (!JOB_NAME_PATTERN.test(name)) {
    const shown = name.length > 40 ? `a name of ${name.length} characters` : `"${name}"`;
    throw new UsageError(
      `Invalid job name ${shown}: expected a letter or digit, then letters, digits, ".", "_" or "-" (at most 64)`,
    );
  }
  const dir = jobsDir(configDir);
  return { dir, journal: join(dir, `${name}${JOURNAL_EXTENSION}`) };
}

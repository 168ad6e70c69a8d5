/**
 * `omn batch --rm NAME`: deletes a job's journal.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { isJobRunning } from "./job_journal.ts";
import { jobPaths } from "./job_paths.ts";

/**
 * Removes job `name` from `configDir`.
 *
 * @throws {UsageError} when the name is invalid, there is no such job, or
 * an `omn` process is running it.
 */
export async function removeJob(configDir: string, name: string): Promise<void> {
  const paths = jobPaths(configDir, name);
  if (await isJobRunning(paths.journal)) {
    throw new UsageError(`Cannot remove job "${name}": an omn process is running it`);
  }
  try {
    await Deno.remove(paths.journal);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`No job named "${name}": run "omn batch --list"`);
    }
    throw error;
  }
}

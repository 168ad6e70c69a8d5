/**
 * The jobs of `omn batch` in a config directory, for `omn batch --list`.
 *
 * @module
 */
import { join } from "node:path";
import type { Listing } from "../core/format_list.ts";
import { isJobRunning } from "./job_journal.ts";
import { latestOutcomes } from "./latest_outcomes.ts";
import { JOB_NAME_PATTERN, jobsDir, JOURNAL_EXTENSION } from "./job_paths.ts";

/** One job, as `--list` shows it. */
export interface JobSummary {
  name: string;
  /** Distinct ids with a result. */
  results: number;
  /** Of those, the ids whose last result is an error. */
  failed: number;
  /** When the journal last changed. */
  updated: Date | null;
  /** Whether an `omn` process is running it now. */
  running: boolean;
}

/** Every job in `configDir`, sorted by name; none when there is no `jobs` directory. */
export async function listJobs(configDir: string): Promise<JobSummary[]> {
  const dir = jobsDir(configDir);
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(JOURNAL_EXTENSION)) continue;
      const name = entry.name.slice(0, -JOURNAL_EXTENSION.length);
      if (JOB_NAME_PATTERN.test(name)) names.push(name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  names.sort();
  const jobs: JobSummary[] = [];
  for (const name of names) {
    const path = join(dir, `${name}${JOURNAL_EXTENSION}`);
    const { failed: failedById } = await latestOutcomes(path);
    const info = await Deno.lstat(path);
    jobs.push({
      name,
      results: failedById.size,
      failed: [...failedById.values()].filter(Boolean).length,
      updated: info.mtime,
      running: await isJobRunning(path),
    });
  }
  return jobs;
}

/** `--list` as a listing (see `formatList`). */
export function jobListing(jobs: readonly JobSummary[]): Listing {
  return {
    header: ["JOB", "RESULTS", "FAILED", "UPDATED", "STATE"],
    rows: jobs.map((job) => [
      job.name,
      String(job.results),
      String(job.failed),
      job.updated ? job.updated.toISOString().replace(/\.\d{3}Z$/, "Z") : "-",
      job.running ? "running" : "idle",
    ]),
    right: [1, 2],
  };
}

/** `--list --json`: one object per job, snake_case keys. */
export function jobListJson(jobs: readonly JobSummary[]): string {
  return JSON.stringify(
    jobs.map((job) => ({
      name: job.name,
      results: job.results,
      failed: job.failed,
      updated_at: job.updated?.toISOString() ?? null,
      running: job.running,
    })),
    null,
    2,
  ) + "\n";
}

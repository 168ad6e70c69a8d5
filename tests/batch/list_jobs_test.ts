import assert from "node:assert/strict";
import { join } from "node:path";
import { jobListing, jobListJson, listJobs } from "../../src/batch/list_jobs.ts";
import { formatList } from "../../src/core/format_list.ts";
import { removeJob } from "../../src/batch/remove_job.ts";
import { JobJournal } from "../../src/batch/job_journal.ts";
import { jobPaths } from "../../src/batch/job_paths.ts";
import { UsageError } from "../../src/core/errors.ts";

async function tempConfigDir() {
  const root = await Deno.makeTempDir({ prefix: "omn-jobs-" });
  const dir = join(root, "home");
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }) };
}

async function writeJob(dir: string, name: string, lines: string[]): Promise<void> {
  const journal = await JobJournal.open(dir, jobPaths(dir, name), name);
  for (const line of lines) await journal.append(`${line}\n`);
  await journal.close();
}

Deno.test("listJobs: each job with its results, failures, time and state", async () => {
  await using config = await tempConfigDir();
  assert.deepEqual(await listJobs(config.dir), []);
  await writeJob(config.dir, "b", [
    '{"id":1,"text":"x"}',
    '{"id":2,"error":{"message":"m","exit_code":1}}',
  ]);
  await writeJob(config.dir, "a", ['{"id":"x","text":"y"}']);
  await Deno.writeTextFile(join(config.dir, "jobs", "notes.txt"), "ignored");
  const jobs = await listJobs(config.dir);
  assert.deepEqual(
    jobs.map(({ name, results, failed, running }) => ({ name, results, failed, running })),
    [
      { name: "a", results: 1, failed: 0, running: false },
      { name: "b", results: 2, failed: 1, running: false },
    ],
  );
  assert.ok(jobs[0].updated instanceof Date);
  const text = formatList(jobListing(jobs), { terminal: true });
  assert.match(
    text,
    /^JOB +RESULTS +FAILED +UPDATED +STATE\na +1 +0 +\d{4}-\d\d-\d\dT[\d:]+Z +idle\nb +2 +1 /,
  );
  assert.match(
    formatList(jobListing(jobs), { terminal: false }),
    /^a\t1\t0\t\d{4}-\d\d-\d\dT[\d:]+Z\tidle\nb\t2\t1\t/,
  );
  const json = JSON.parse(jobListJson(jobs));
  assert.deepEqual(Object.keys(json[0]), ["name", "results", "failed", "updated_at", "running"]);
  assert.equal(formatList(jobListing([]), { terminal: true }), "");
});

Deno.test("removeJob: removes a job; refuses an unknown one and a running one", async () => {
  await using config = await tempConfigDir();
  await writeJob(config.dir, "a", ['{"id":1,"text":"x"}']);
  await removeJob(config.dir, "a");
  assert.deepEqual(await listJobs(config.dir), []);
  await assert.rejects(
    removeJob(config.dir, "a"),
    (error) => error instanceof UsageError && /No job named "a"/.test(error.message),
  );
  await assert.rejects(removeJob(config.dir, "../config"), UsageError);
  const paths = jobPaths(config.dir, "busy");
  const journal = await JobJournal.open(config.dir, paths, "busy");
  await journal.append('{"id":1,"text":"x"}\n');
  try {
    await assert.rejects(
      removeJob(config.dir, "busy"),
      (error) => error instanceof UsageError && /an omn process is running it/.test(error.message),
    );
    assert.equal((await listJobs(config.dir))[0].running, true);
  } finally {
    await journal.close();
  }
});

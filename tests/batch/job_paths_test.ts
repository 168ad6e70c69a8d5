import assert from "node:assert/strict";
import { jobPaths, jobsDir } from "../../src/batch/job_paths.ts";
import { UsageError } from "../../src/core/errors.ts";

Deno.test("jobPaths: jobs/<name>.jsonl in the config directory", () => {
  assert.deepEqual(jobPaths("/home/ada/.omnimancer", "reviews-2026.v2_a"), {
    dir: "/home/ada/.omnimancer/jobs",
    journal: "/home/ada/.omnimancer/jobs/reviews-2026.v2_a.jsonl",
  });
  assert.equal(jobsDir("/c"), "/c/jobs");
});

Deno.test("jobPaths: names that could leave the jobs directory, or are odd, are refused", () => {
  for (const name of ["", "../x", "a/b", "a\\b", ".hidden", "-flag", "a b", "x".repeat(65), "é"]) {
    assert.throws(() => jobPaths("/c", name), UsageError, name);
  }
  assert.throws(
    () => jobPaths("/c", "../../etc/passwd"),
    (error) =>
      error instanceof UsageError &&
      /Invalid job name "\.\.\/\.\.\/etc\/passwd"/.test(error.message),
  );
});

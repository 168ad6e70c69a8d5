import assert from "node:assert/strict";
import { batchMode } from "../../src/batch/batch_mode.ts";
import type { BatchFlags } from "../../src/batch/batch_flags.ts";
import { UsageError } from "../../src/core/errors.ts";

const base: BatchFlags = {
  resume: false,
  retryFailed: false,
  ordered: false,
  concurrency: 4,
  export: false,
  list: false,
};

Deno.test("batchMode: run, export, list and remove", () => {
  assert.deepEqual(batchMode({ ...base, job: "j" }), { kind: "run", job: "j" });
  assert.deepEqual(batchMode({ ...base, job: "j", resume: true, input: "-" }), {
    kind: "run",
    job: "j",
  });
  assert.deepEqual(batchMode({ ...base, job: "j", retryFailed: true }), { kind: "run", job: "j" });
  assert.deepEqual(batchMode({ ...base, job: "j", export: true }), { kind: "export", job: "j" });
  assert.deepEqual(batchMode({ ...base, list: true }), { kind: "list" });
  assert.deepEqual(batchMode({ ...base, rm: "old" }), { kind: "remove", name: "old" });
});

Deno.test("batchMode: a missing job or a conflicting combination is a usage error", () => {
  const refused = (flags: Partial<BatchFlags>, pattern: RegExp) =>
    assert.throws(
      () => batchMode({ ...base, ...flags }),
      (error) => error instanceof UsageError && pattern.test(error.message),
    );
  refused({}, /^No job name: pass --job NAME/);
  refused({ input: "x.jsonl" }, /^No job name/);
  refused({ list: true, job: "j" }, /^--list takes no job/);
  refused({ list: true, rm: "x" }, /^--list/);
  refused({ rm: "x", job: "j" }, /^--rm NAME takes no other/);
  refused({ rm: "x", resume: true }, /^--rm NAME/);
  refused({ job: "j", export: true, resume: true }, /^--export prints a journal/);
  refused({ job: "j", export: true, retryFailed: true }, /^--export prints a journal/);
  refused({ list: true, retryFailed: true }, /^--list/);
  refused({ export: true }, /^No job name/);
});

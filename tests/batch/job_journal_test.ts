import assert from "node:assert/strict";
import { join } from "node:path";
import { isJobRunning, JobJournal, readJournal } from "../../src/batch/job_journal.ts";
import { jobPaths } from "../../src/batch/job_paths.ts";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { startSpawningWorker } from "../_support/spawning_worker.ts";

async function tempConfigDir() {
  const root = await Deno.makeTempDir({ prefix: "omn-journal-" });
  const dir = join(root, "home");
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }) };
}

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("the journal is 0600 in a 0700 jobs directory whatever the umask", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  const previous = Deno.umask(0o000);
  try {
    const journal = await JobJournal.open(config.dir, paths, "j");
    await journal.append('{"id":1,"text":"x","usage":null,"finish_reason":null}\n');
    await journal.close();
  } finally {
    Deno.umask(previous);
  }
  assert.equal(await modeOf(config.dir), 0o700);
  assert.equal(await modeOf(paths.dir), 0o700);
  assert.equal(await modeOf(paths.journal), 0o600);
});

Deno.test("appended lines read back as results, in order", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  const journal = await JobJournal.open(config.dir, paths, "j");
  const lines = [
    '{"id":"a","text":"x","usage":null,"finish_reason":"stop"}',
    '{"id":2,"error":{"message":"m","exit_code":1}}',
  ];
  await Promise.all(lines.map((line) => journal.append(`${line}\n`)));
  await journal.close();
  assert.deepEqual(await Array.fromAsync(readJournal(paths.journal)), [
    { kind: "result", id: "a", failed: false, line: lines[0], lineNumber: 1 },
    { kind: "result", id: 2, failed: true, line: lines[1], lineNumber: 2 },
  ]);
  assert.deepEqual(await Array.fromAsync(readJournal(join(config.dir, "missing.jsonl"))), []);
});

Deno.test("a line cut short by a crash is skipped and the next result stands alone", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(config.dir, 0o700);
  await Deno.writeTextFile(paths.journal, '{"id":1,"text":"x"}\n{"id":2,"te', { mode: 0o600 });
  const journal = await JobJournal.open(config.dir, paths, "j");
  await journal.append('{"id":3,"text":"y"}\n');
  await journal.close();
  assert.deepEqual(await Array.fromAsync(readJournal(paths.journal)), [
    { kind: "result", id: 1, failed: false, line: '{"id":1,"text":"x"}', lineNumber: 1 },
    { kind: "unreadable", lineNumber: 2 },
    { kind: "result", id: 3, failed: false, line: '{"id":3,"text":"y"}', lineNumber: 3 },
  ]);
});

Deno.test("one run at a time: a job open in a run is locked", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  const journal = await JobJournal.open(config.dir, paths, "j");
  await journal.append('{"id":1,"text":"x"}\n');
  assert.equal(await isJobRunning(paths.journal), true);
  await assert.rejects(
    JobJournal.open(config.dir, paths, "j"),
    (error) =>
      error instanceof UsageError &&
      /Job "j" is running in another omn process/.test(error.message),
  );
  await journal.close();
  assert.equal(await isJobRunning(paths.journal), false);
  assert.equal(await isJobRunning(join(config.dir, "none.jsonl")), false);
});

Deno.test("a journal created by a run that wrote nothing is removed when it closes", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  await (await JobJournal.open(config.dir, paths, "j")).close();
  await assert.rejects(Deno.stat(paths.journal), Deno.errors.NotFound);
  const journal = await JobJournal.open(config.dir, paths, "j");
  await journal.append('{"id":1,"text":"x"}\n');
  await journal.close();
  await (await JobJournal.open(config.dir, paths, "j")).close(); // existing: kept
  assert.equal((await Deno.stat(paths.journal)).size > 0, true);
});

Deno.test("a journal that is a symbolic link, or that others may write, is refused", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(config.dir, 0o700);
  await Deno.symlink("/etc/passwd", paths.journal);
  await assert.rejects(
    JobJournal.open(config.dir, paths, "j"),
    (error) => error instanceof RefusalError && /job journal .*symbolic link/.test(error.message),
  );
  await Deno.remove(paths.journal);
  await Deno.writeTextFile(paths.journal, "");
  await Deno.chmod(paths.journal, 0o622);
  await assert.rejects(
    JobJournal.open(config.dir, paths, "j"),
    (error) => error instanceof RefusalError && /chmod 600/.test(error.message),
  );
});

Deno.test("the power-loss repair adds exactly one line break, only after a cut line, and frees the lock at close", async () => {
  await using config = await tempConfigDir();
  const paths = jobPaths(config.dir, "j");
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(config.dir, 0o700);
  const whole = '{"id":1,"text":"x"}\n';
  const cut = '{"id":2,"te';
  const next = '{"id":3,"text":"y"}\n';
  // A whole journal is left as it is: no blank line before the next result.
  await Deno.writeTextFile(paths.journal, whole, { mode: 0o600 });
  let journal = await JobJournal.open(config.dir, paths, "j");
  await journal.append(next);
  await journal.close();
  assert.equal(await Deno.readTextFile(paths.journal), whole + next);
  // A cut last line (here a cut multi-byte character too) gets one line break, kept even when the
  // run appends nothing; the journal stays the same on a second open.
  const bytes = new TextEncoder().encode(whole + cut + "\u00e9");
  await Deno.writeFile(paths.journal, bytes.subarray(0, bytes.length - 1), { mode: 0o600 });
  for (let run = 0; run < 2; run++) {
    journal = await JobJournal.open(config.dir, paths, "j");
    assert.equal(await isJobRunning(paths.journal), true);
    await journal.close();
    assert.equal(await isJobRunning(paths.journal), false, "close() releases the lock");
  }
  const repaired = await Deno.readFile(paths.journal);
  assert.deepEqual(repaired.subarray(0, bytes.length - 1), bytes.subarray(0, bytes.length - 1));
  assert.deepEqual([...repaired.subarray(bytes.length - 1)], [0x0a]);
  journal = await JobJournal.open(config.dir, paths, "j");
  await journal.append(next);
  await journal.close();
  assert.equal((await Deno.readFile(paths.journal)).length, bytes.length + next.length);
  assert.deepEqual(
    (await Array.fromAsync(readJournal(paths.journal))).map((entry) => entry.kind),
    ["result", "unreadable", "result"],
  );
});

Deno.test("close() frees the lock at once while another thread of the process starts children", async () => {
  // A child started by another thread holds a copy of the journal's file until its exec: a lock
  // released only by closing the file would outlive close() for that moment.
  await using config = await tempConfigDir();
  await using _spawning = await startSpawningWorker();
  const paths = jobPaths(config.dir, "j");
  for (let round = 0; round < 400; round++) {
    const journal = await JobJournal.open(config.dir, paths, "j");
    await journal.append(`{"id":${round},"text":"x"}\n`);
    await journal.close();
    assert.equal(
      await isJobRunning(paths.journal),
      false,
      `round ${round}: close() freed the lock`,
    );
  }
});

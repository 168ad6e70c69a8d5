import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { waitingMessage, withFileLock } from "../../src/config/with_file_lock.ts";
import { ConfigStore } from "../../src/config/store.ts";
import { configPaths } from "../../src/config/paths.ts";
import { appendAudit, auditPath } from "../../src/audit/append_audit.ts";
import { RateLimiter } from "../../src/net/rate_limiter.ts";
import { startSpawningWorker } from "../_support/spawning_worker.ts";

const posix = Deno.build.os !== "windows";

/** A fake clock whose sleeps advance it, so waits take no real time. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let time = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    slept,
  };
}

/**
 * Holds `path` locked the way a hung process would: an open file
 * description with an exclusive flock and its pid written in the file.
 */
async function holdLock(path: string, pid: string): Promise<Deno.FsFile> {
  const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
  await file.lock(true);
  await file.truncate(0);
  await file.write(new TextEncoder().encode(`${pid}\n`));
  return file;
}

/**
 * Ends the holder of {@linkcode holdLock} as the end of its process would.
 * Closing alone is not that: a child that another thread of this process
 * starts holds a copy of the file, and its lock, until its exec.
 */
function endHolder(file: Deno.FsFile): void {
  file.unlockSync();
  file.close();
}

async function withHome(fn: (home: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "omn-lock-" });
  try {
    await Deno.mkdir(`${root}/home`, { mode: 0o700 });
    await Deno.chmod(`${root}/home`, 0o700);
    await fn(`${root}/home`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test({
  name:
    "withFileLock waits the bounded time for a held lock, then refuses naming the lock and its holder",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      using _held = await holdLock(`${home}/config.lock`, "31337");
      const clock = fakeClock();
      let ran = false;
      await assert.rejects(
        withFileLock(`${home}/config.lock`, () => {
          ran = true;
          return Promise.resolve();
        }, { label: "config", waitMs: 2000, now: clock.now, sleep: clock.sleep }),
        (error) =>
          error instanceof RefusalError && error.exitCode === 3 &&
          error.message ===
            `Cannot take the config lock "${home}/config.lock": process 31337 has held it for ` +
              "more than 2 s: wait for it to finish, or end it (kill 31337) if it hangs",
      );
      assert.equal(ran, false);
      assert.equal(clock.slept.reduce((sum, ms) => sum + ms, 0), 2000);
    }),
});

Deno.test({
  name: "withFileLock says 'another process' when the holder wrote no pid",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      using _held = await holdLock(`${home}/audit.lock`, "not a pid");
      await assert.rejects(
        withFileLock(`${home}/audit.lock`, () => Promise.resolve(), {
          label: "audit log",
          waitMs: 0,
        }),
        /Cannot take the audit log lock ".*audit\.lock": another process has held it for more than 0 s/,
      );
    }),
});

Deno.test({
  name:
    "withFileLock takes a lock released during the wait, writes its pid while held and clears it after",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      // Another thread of the test process starts children, as the e2e tests of another shard
      // do: the holder must end as a process does, whose lock no copy of its file outlives.
      await using _spawning = await startSpawningWorker();
      for (let round = 0; round < 100; round++) {
        const held = await holdLock(`${home}/config.lock`, "31337");
        const clock = fakeClock();
        const sleep = async (ms: number) => {
          await clock.sleep(ms);
          if (clock.slept.length === 3) endHolder(held);
        };
        const inside = await withFileLock(
          `${home}/config.lock`,
          () => Deno.readTextFile(`${home}/config.lock`),
          { label: "config", waitMs: 10_000, now: clock.now, sleep },
        );
        assert.equal(inside, `${Deno.pid}\n`);
        assert.equal(await Deno.readTextFile(`${home}/config.lock`), "");
        assert.equal(clock.slept.length, 3, `round ${round}: taken once the holder ended`);
      }
    }),
});

Deno.test({
  name: "the config store, the audit log and the rate limiter all stop waiting for a hung holder",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      const quick = { waitMs: 0 };
      {
        using _held = await holdLock(`${home}/config.lock`, "4001");
        const paths = configPaths((name) => (name === "OMNIMANCER_HOME" ? home : undefined));
        const store = new ConfigStore(paths, { lock: quick });
        await assert.rejects(
          store.update((config) => config, { reason: "test" }),
          /Cannot take the config lock ".*config\.lock": process 4001/,
        );
        await assert.rejects(Deno.lstat(paths.file), Deno.errors.NotFound);
      }
      {
        using _held = await holdLock(`${home}/audit.lock`, "4002");
        await assert.rejects(
          appendAudit(home, { command: "keys set", event: "key.set" }, {
            lock: quick,
            settings: { maxAgeDays: 30, maxBytes: 1_000_000 },
          }),
          /Cannot take the audit log lock ".*audit\.lock": process 4002/,
        );
        await assert.rejects(Deno.lstat(auditPath(home)), Deno.errors.NotFound);
      }
      {
        using _held = await holdLock(`${home}/rate_limits.lock`, "4003");
        const limiter = new RateLimiter(home, { lock: quick });
        await assert.rejects(
          limiter.acquire({
            provider: "openai",
            fingerprint: "fp:0123456789ab",
            limits: { requestsPerMinute: 10 },
          }),
          /Cannot take the rate-limit lock ".*rate_limits\.lock": process 4003/,
        );
      }
    }),
});

Deno.test({
  name:
    "a lock file that is a symbolic link, dangling or pointing outside, is refused and never created",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      const outside = `${home}/../outside.lock`;
      for (const name of ["config.lock", "audit.lock", "rate_limits.lock"]) {
        await Deno.symlink(outside, `${home}/${name}`);
      }
      const paths = configPaths((name) => (name === "OMNIMANCER_HOME" ? home : undefined));
      await assert.rejects(
        new ConfigStore(paths).update((config) => config, { reason: "test" }),
        /config lock ".*config\.lock": it is a symbolic link/,
      );
      await assert.rejects(
        appendAudit(home, { command: "keys set", event: "key.set" }, {
          settings: { maxAgeDays: 30, maxBytes: 1_000_000 },
        }),
        /audit log lock ".*audit\.lock": it is a symbolic link/,
      );
      await assert.rejects(
        new RateLimiter(home).acquire({
          provider: "openai",
          fingerprint: "fp:0123456789ab",
          limits: { requestsPerMinute: 10 },
        }),
        /rate-limit lock ".*rate_limits\.lock": it is a symbolic link/,
      );
      await assert.rejects(Deno.lstat(outside), Deno.errors.NotFound);
      await Deno.writeTextFile(outside, "");
      await assert.rejects(
        new ConfigStore(paths).update((config) => config, { reason: "test" }),
        /symbolic link/,
      );
      assert.equal(await Deno.readTextFile(outside), "");
    }),
});

Deno.test({
  name: "withFileLock tells once, before waiting, who holds the lock; never when the lock is free",
  ignore: !posix,
  fn: () =>
    withHome(async (home) => {
      const told: [number | undefined, number][] = [];
      const onWait = (holder: number | undefined, waitMs: number) =>
        void told.push([holder, waitMs]);
      await withFileLock(`${home}/config.lock`, () => Promise.resolve(), {
        label: "config",
        onWait,
      });
      assert.deepEqual(told, []);
      using _held = await holdLock(`${home}/config.lock`, "31337");
      const clock = fakeClock();
      await assert.rejects(
        withFileLock(`${home}/config.lock`, () => Promise.resolve(), {
          label: "config",
          waitMs: 500,
          now: clock.now,
          sleep: clock.sleep,
          onWait,
        }),
        RefusalError,
      );
      assert.deepEqual(told, [[31337, 500]]);
      assert.equal(
        waitingMessage("config", 31337, 10_000),
        "Waiting for the config lock held by process 31337 (at most 10 s)",
      );
    }),
});

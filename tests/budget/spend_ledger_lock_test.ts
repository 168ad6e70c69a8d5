/**
 * The spend ledger's lock is waited for a bounded time, as every other lock
 * of omn: held by another holder past the bound, the check stops with exit 3
 * and one line naming the ledger and the fix, without running its work or
 * touching the ledger. The clock is injected: no test waits for real.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exitCodeOf, RefusalError } from "../../src/core/errors.ts";
import { spendLedgerPath, withSpendLedger } from "../../src/budget/spend_ledger.ts";

/** A clock whose sleep moves time on at once, and what it was asked to wait. */
function fakeClock() {
  let time = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: (ms: number) => {
      waits.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

/** A config directory whose ledger another open file holds locked. */
async function heldLedger() {
  const dir = await Deno.makeTempDir({ prefix: "omn-spend-lock-" });
  const path = spendLedgerPath(dir);
  const line = JSON.stringify({
    type: "reserve",
    id: "a",
    time: new Date(0).toISOString(),
    profile: "default",
    provider: "openai",
    usd: 0.5,
  });
  await Deno.writeTextFile(path, `${line}\n`, { mode: 0o600 });
  const holder = await Deno.open(path, { read: true, write: true });
  await holder.lock(true);
  return {
    dir,
    path,
    contents: `${line}\n`,
    release: async () => {
      await holder.unlock().catch(() => {});
      holder.close();
    },
    async [Symbol.asyncDispose]() {
      await this.release().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("spend ledger: a lock held past the bound stops with exit 3 naming the ledger and the fix; the work never runs", async () => {
  await using ledger = await heldLedger();
  const clock = fakeClock();
  let ran = false;
  const error = await withSpendLedger(ledger.dir, () => {
    ran = true;
    return [];
  }, { waitMs: 2000, now: clock.now, sleep: clock.sleep }).then(() => undefined, (e) => e);
  assert.ok(error instanceof RefusalError, String(error));
  assert.equal(exitCodeOf(error), 3);
  assert.equal(error.message.split("\n").length, 1);
  assert.ok(error.message.includes(`"${ledger.path}"`), error.message);
  assert.match(error.message, /^Cannot take the spend ledger lock /);
  assert.match(error.message, /more than 2 s/);
  assert.match(error.message, /no other omn runs/);
  assert.match(error.message, /never delete/);
  assert.equal(ran, false);
  assert.ok(clock.waits.length > 0, "it polled on the injected clock");
  assert.equal(clock.waits.reduce((sum, wait) => sum + wait, 0), 2000);
  assert.equal(await Deno.readTextFile(ledger.path), ledger.contents);
});

Deno.test("spend ledger: the default bound is the one every lock has (10 s), on the injected clock", async () => {
  await using ledger = await heldLedger();
  const clock = fakeClock();
  const error = await withSpendLedger(ledger.dir, () => [], {
    now: clock.now,
    sleep: clock.sleep,
  }).then(() => undefined, (e) => e);
  assert.ok(error instanceof RefusalError, String(error));
  assert.equal(clock.now(), 10_000);
  assert.match(error.message, /more than 10 s/);
});

Deno.test("spend ledger: a lock released during the wait is taken, and the work's lines appended", async () => {
  await using ledger = await heldLedger();
  let time = 0;
  let polls = 0;
  const sleep = async (ms: number) => {
    time += ms;
    if (++polls === 3) await ledger.release();
  };
  const seen: number[] = [];
  await withSpendLedger(ledger.dir, (lines) => {
    seen.push(lines.length);
    return [{ ...lines[0], id: "b", type: "settle" }];
  }, { waitMs: 10_000, now: () => time, sleep });
  assert.deepEqual(seen, [1]);
  const written = (await Deno.readTextFile(join(ledger.dir, "spend.jsonl"))).trim().split("\n");
  assert.equal(written.length, 2);
  assert.equal(JSON.parse(written[1]).id, "b");
  assert.ok(time < 10_000);
});

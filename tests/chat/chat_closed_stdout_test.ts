/**
 * A piped `omn chat` whose reader goes away mid-reply (`omn chat < msgs | head -c 1`)
 * ends quietly, exit 0, but the request was made: the model's stream is
 * stopped, so its usage-ledger line is written and the spend ledger settles
 * its reservation, as for `ask` (review: the stream was left open, so the
 * usage ledger had no line and the spend ledger a reservation never settled).
 */
import assert from "node:assert/strict";
import { runCliPiped } from "../cli/_run_cli_piped.ts";

/** A stdout whose reader left after `accepted` writes: each later write is a broken pipe. */
function closingStdout(accepted: number): WritableStream<Uint8Array> {
  let writes = 0;
  return new WritableStream({
    write() {
      writes++;
      if (writes > accepted) throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
  });
}

async function jsonLines(path: string): Promise<Record<string, unknown>[]> {
  try {
    const text = await Deno.readTextFile(path);
    return text.trim().split("\n").map((line) => JSON.parse(line));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

Deno.test("a chat whose stdout closes mid-reply records the request and settles its spend", async () => {
  for (const accepted of [0, 2]) {
    const home = await Deno.makeTempDir();
    try {
      await Deno.chmod(home, 0o700);
      await Deno.writeTextFile(
        `${home}/config.json`,
        JSON.stringify({
          version: 1,
          budgets: { daily_usd: 1000 },
          models: { "mock/mock-1": { input_usd_per_mtok: 1, output_usd_per_mtok: 1 } },
        }),
        { mode: 0o600 },
      );
      const run = await runCliPiped(["chat", "--provider", "mock", "--no-history"], {
        env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
        cwd: home,
        stdin: "hi\nagain\n",
        stdout: closingStdout(accepted),
      });
      assert.equal(run.code, 0, `${accepted}: ${run.stderr}`);
      // The first message's request was made, and ended the session: one record, no second.
      const usage = await jsonLines(`${home}/usage.jsonl`);
      assert.equal(usage.length, 1, `${accepted}: one usage line`);
      assert.equal(usage[0].provider, "mock");
      const spend = await jsonLines(`${home}/spend.jsonl`);
      assert.deepEqual(spend.map((line) => line.type), ["reserve", "settle"], `${accepted}`);
      assert.equal(spend[0].id, spend[1].id);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  }
});

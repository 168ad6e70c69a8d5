/**
 * A piped `omn chat` whose reader goes away mid-reply (`omn chat < msgs | head -c 1`)
 * ends quietly, exit 0, but the request was made: the model's stream is
 * stopped, so its usage-ledger line is written and the spend ledger settles
 * its reservation, as for `ask` (review: the stream was left open, so the
 * usage ledger had no line and the spend ledger a reservation never settled),
 * the line naming the failure (`BrokenPipe`), not `ok`.
 */
import assert from "node:assert/strict";
import { runCliPiped } from "../cli/_run_cli_piped.ts";
import { closingStdout } from "../_support/closing_stdout.ts";
import { jsonLinesFile } from "../_support/json_lines_file.ts";

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
      const usage = await jsonLinesFile(`${home}/usage.jsonl`);
      assert.equal(usage.length, 1, `${accepted}: one usage line`);
      assert.equal(usage[0].provider, "mock");
      // The record names why the request ended before its reply did, as an ask's does.
      assert.equal(usage[0].outcome, "BrokenPipe", `${accepted}`);
      const spend = await jsonLinesFile(`${home}/spend.jsonl`);
      assert.deepEqual(spend.map((line) => line.type), ["reserve", "settle"], `${accepted}`);
      assert.equal(spend[0].id, spend[1].id);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  }
});

/**
 * A reader that goes away (`omn ask ... | head -c 1`) ends the ask quietly,
 * exit 0 and nothing more printed, but the request was made and is counted:
 * its usage-ledger line is written as for any other run (review: a closed
 * stdout wrote none, so `omn usage` missed every ask cut by `head`).
 */
import assert from "node:assert/strict";
import { runCliPiped } from "../cli/_run_cli_piped.ts";
import { closingStdout } from "../_support/closing_stdout.ts";
import { jsonLinesFile } from "../_support/json_lines_file.ts";

Deno.test("an ask whose stdout closes, mid-reply or at its end, still records its usage", async () => {
  const home = await Deno.makeTempDir();
  try {
    await Deno.chmod(home, 0o700);
    // The text reply fails while it streams, before the usage came (the record says how the run
    // ended, with no tokens). --no-stream holds the reply until it is whole: its first write is
    // queued and fails behind the caller's back, and its closing line break meets the failure in
    // output.succeed (the record has the tokens). The JSON result is the last write, queued after
    // the usage came: its failure is seen only as stdout closes, once the run has ended ok (this
    // case went through the run's ordinary end before the broken pipe was recorded, too).
    const cases: [string, string[], number, string, boolean][] = [
      ["the first write", [], 0, "BrokenPipe", false],
      ["mid-reply", [], 3, "BrokenPipe", false],
      ["the held reply's end", ["--no-stream"], 0, "BrokenPipe", true],
      ["at the result object", ["--output", "json"], 0, "ok", true],
    ];
    for (const [when, flags, accepted, outcome, tokens] of cases) {
      const before = (await jsonLinesFile(`${home}/usage.jsonl`)).length;
      const run = await runCliPiped(["ask", "--provider", "mock", "--no-history", ...flags, "hi"], {
        env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
        cwd: home,
        stdout: closingStdout(accepted),
      });
      assert.equal(run.code, 0, `${when}: ${run.stderr}`);
      const lines = await jsonLinesFile(`${home}/usage.jsonl`);
      assert.equal(lines.length, before + 1, `${when}: one usage line`);
      assert.equal(lines.at(-1)!.provider, "mock", when);
      assert.equal(lines.at(-1)!.outcome, outcome, when);
      assert.equal(Number(lines.at(-1)!.output_tokens) > 0, tokens, when);
    }
    // The control: a whole run writes its line too.
    const whole = await runCliPiped(["ask", "--provider", "mock", "--no-history", "hi"], {
      env: { OMNIMANCER_HOME: home, NO_COLOR: "1" },
      cwd: home,
    });
    assert.equal(whole.code, 0, whole.stderr);
    const lines = await jsonLinesFile(`${home}/usage.jsonl`);
    assert.equal(lines.length, cases.length + 1);
    assert.equal(lines.at(-1)!.outcome, "ok");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

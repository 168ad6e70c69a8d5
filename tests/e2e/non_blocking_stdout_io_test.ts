/**
 * Data written through `Io.write` (here `omn scan -`, whose findings fill
 * more than a pipe) goes to standard output without a web stream
 * (src/core/io.ts `writeStdout`); in non-blocking mode it stops as the
 * stream does (tests/e2e/non_blocking_stdout_test.ts): one line, exit 1, and
 * what was written is exact.
 */
import assert from "node:assert/strict";
import { perl, runIntoPipe } from "./_non_blocking_stdout.ts";
import { tempWorkspace } from "./_workspace.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { NON_BLOCKING_STDOUT } from "../../src/core/stdout_writable.ts";

Deno.test({
  name:
    `omn scan - into a full non-blocking pipe: one line, exit 1, output exact so far${perl.suffix}`,
  ignore: perl.ignore,
  async fn() {
    await using workspace = await tempWorkspace();
    const secret = anthropicKey("NONBLOCKINGIO");
    const text = Array.from({ length: 3000 }, (_, index) => `line ${index} ${secret} end\n`).join(
      "",
    );
    const run = (nonBlocking: boolean) => runIntoPipe(["scan", "-"], workspace, text, nonBlocking);
    const whole = await run(false);
    assert.ok(whole.stdout.length > 65536, `${whole.stdout.length} bytes: more than a pipe holds`);
    const cut = await run(true);
    assert.notEqual(cut.status.signal, "SIGKILL", "omn kept waiting on the full non-blocking pipe");
    assert.equal(cut.status.code, 1, cut.stderr);
    assert.ok(cut.stderr.endsWith(`error: ${NON_BLOCKING_STDOUT}\n`), cut.stderr);
    assert.ok(cut.stdout.length > 0 && cut.stdout.length < whole.stdout.length);
    assert.ok(whole.stdout.startsWith(cut.stdout), "what was written is the start, exactly");
    assert.ok(!cut.stdout.includes(secret.slice(-20)));
  },
});

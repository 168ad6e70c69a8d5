/**
 * A standard output in non-blocking mode (a program sharing the pipe set
 * `O_NONBLOCK`; here perl, before it becomes omn): once the pipe is full,
 * omn stops with one line and exit 1, and what it wrote before is exact (no
 * byte repeated, no secret). Deno 2.9 does not say how much of a write that
 * would block went through, so trying again (as omn did) repeated bytes:
 * 7 MB out for 4 MB in, exit 0.
 */
import assert from "node:assert/strict";
import { perl, runIntoPipe } from "./_non_blocking_stdout.ts";
import { tempWorkspace } from "./_workspace.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { NON_BLOCKING_STDOUT } from "../../src/core/stdout_writable.ts";

for (const args of [["redact"], ["--no-color", "redact"]]) {
  Deno.test({
    name: `omn ${
      args.join(" ")
    } into a full non-blocking pipe: one line, exit 1, no byte repeated${perl.suffix}`,
    ignore: perl.ignore,
    async fn() {
      clearKnownSecrets();
      await using workspace = await tempWorkspace();
      const secret = anthropicKey("NONBLOCKING");
      const text = Array.from(
        { length: 40_000 },
        (_, index) =>
          `line ${String(index).padStart(6, "0")} ${index % 97 === 0 ? secret : "plain"} end\n`,
      ).join("");
      const { status, stdout, stderr } = await runIntoPipe(args, workspace, text);
      assert.notEqual(status.signal, "SIGKILL", "omn kept waiting on the full non-blocking pipe");
      assert.equal(status.code, 1, stderr);
      assert.equal(stderr, `error: ${NON_BLOCKING_STDOUT}\n`);
      const expected = redact(text);
      assert.ok(stdout.length > 0 && stdout.length < expected.length, `${stdout.length} bytes`);
      assert.ok(
        expected.startsWith(stdout),
        "what was written is the start of the output, exactly",
      );
      assert.ok(!stdout.includes(secret.slice(-20)));
    },
  });
}

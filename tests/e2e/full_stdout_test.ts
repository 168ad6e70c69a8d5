/**
 * A stdout that takes nothing (`> /dev/full`, a full disk) ends every run in
 * one line with exit 1, the two invocations `main.ts` answers itself
 * (`--version`, `--version --json`) too (review: they ended with Deno's
 * multi-line "Uncaught (in promise)" trace). Only a real process has
 * /dev/full as stdout.
 */
import assert from "node:assert/strict";
import { runOmnRedirected } from "./_omn_redirected.ts";
import { tempWorkspace } from "./_omn.ts";

Deno.test({
  name: "a full stdout: exit 1 and one line, for --version, --version --json and ask",
  // /dev/full is Linux's (Deno may not stat a device without --allow-all).
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using workspace = await tempWorkspace();
    for (
      const args of [["--version"], ["-V", "--json"], ["ask", "--provider", "mock", "hello"]]
    ) {
      const run = await runOmnRedirected(args, workspace, ">", "/dev/full");
      assert.equal(run.code, 1, args.join(" "));
      assert.match(
        run.stderr,
        /^error: No space left on device \(os error 28\)\n$/,
        args.join(" "),
      );
    }
  },
});

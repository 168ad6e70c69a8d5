/**
 * A stdout that takes nothing (`> /dev/full`, a full disk) ends every run in
 * one line with exit 1, the two invocations `main.ts` answers itself
 * (`--version`, `--version --json`) too (review: they ended with Deno's
 * multi-line "Uncaught (in promise)" trace). Only a real process has
 * /dev/full as stdout.
 */
import assert from "node:assert/strict";
import { childEnv } from "./_child_env.ts";
import { omnRunArgs } from "./_program.ts";
import { tempWorkspace } from "./_omn.ts";

const FULL = "/dev/full";

async function runIntoFullStdout(args: string[], home: string, cwd: string) {
  const env = childEnv({ OMNIMANCER_HOME: home, NO_COLOR: "1" });
  const output = await new Deno.Command("/bin/sh", {
    args: [
      "-c",
      'exec "$@" > "$0"',
      FULL,
      Deno.execPath(),
      ...omnRunArgs((name) => env[name], cwd),
      ...args,
    ],
    cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

Deno.test({
  name: "a full stdout: exit 1 and one line, for --version, --version --json and ask",
  // /dev/full is Linux's (Deno may not stat a device without --allow-all).
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using workspace = await tempWorkspace();
    for (
      const args of [["--version"], ["-V", "--json"], ["ask", "--provider", "mock", "hello"]]
    ) {
      const run = await runIntoFullStdout(args, workspace.home, workspace.cwd);
      assert.equal(run.code, 1, args.join(" "));
      assert.match(
        run.stderr,
        /^error: No space left on device \(os error 28\)\n$/,
        args.join(" "),
      );
    }
  },
});

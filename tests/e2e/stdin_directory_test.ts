/**
 * A directory given as standard input (`omn ask "…" < somedir`, a slip in a
 * script) is a usage error in one line that names stdin and the fix, in every
 * command that reads stdin (review: `error: Is a directory (os error 21)`,
 * exit 1, naming neither). Only a real process has a directory as stdin.
 */
import assert from "node:assert/strict";
import { runOmnRedirected } from "./_omn_redirected.ts";
import { tempWorkspace } from "./_omn.ts";

const MESSAGE = "error: Cannot read standard input: it is a directory; " +
  "redirect a file (omn … < FILE) or pipe the text in\n";

Deno.test("a directory as stdin: exit 2 and one line naming stdin, in ask (json too), redact and scan", async () => {
  await using workspace = await tempWorkspace();
  for (
    const args of [
      ["ask", "--provider", "mock", "--no-history", "hello"],
      ["redact"],
      ["scan"],
    ]
  ) {
    const run = await runOmnRedirected(args, workspace, "<", workspace.cwd);
    assert.deepEqual([run.code, run.stdout, run.stderr], [2, "", MESSAGE], args.join(" "));
  }
  const json = await runOmnRedirected(
    ["ask", "--provider", "mock", "--no-history", "-o", "json", "hello"],
    workspace,
    "<",
    workspace.cwd,
  );
  assert.equal(json.code, 2, json.stderr);
  assert.equal(JSON.parse(json.stdout).error_type, "usage");
});

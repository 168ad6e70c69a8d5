import assert from "node:assert/strict";
import { CommanderError } from "@commander-js/extra-typings";
import { askCommand } from "../../../src/cli/commands/ask.ts";
import type { AskFlags } from "../../../src/ask/ask_flags.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<AskFlags>(askCommand, argv);

Deno.test("ask: -x and --extract pick the first block, --extract-last the last", async () => {
  assert.equal((await parse(["-x", "q"])).extract, "first");
  assert.equal((await parse(["--extract", "q"])).extract, "first");
  assert.equal((await parse(["--extract-last", "q"])).extract, "last");
  assert.equal((await parse(["q"])).extract, undefined);
});

Deno.test("ask: --extract with --extract-last or --schema is a usage error", async () => {
  for (const argv of [["-x", "--extract-last", "q"], ["--extract-last", "--schema", "{}", "q"]]) {
    await assert.rejects(
      parse(argv),
      (error: unknown) =>
        error instanceof CommanderError && /cannot be used with/.test(error.message),
    );
  }
});

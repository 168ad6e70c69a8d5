import assert from "node:assert/strict";
import { usageCommand } from "../../../src/cli/commands/usage.ts";
import type { UsageOptions } from "../../../src/usage/run_usage.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<UsageOptions>(usageCommand, argv);

Deno.test("usage: argv fills the flags; --since is relative to the context's clock", async () => {
  assert.deepEqual(await parse([]), { since: undefined, by: "provider", json: false });
  assert.deepEqual(await parse(["--since", "7d", "--by", "day", "--json"]), {
    since: new Date("2026-11-22T12:00:00Z"),
    by: "day",
    json: true,
  });
  await assert.rejects(parse(["--by", "user"]), /Allowed choices are provider, model, key, day/);
  await assert.rejects(parse(["--since", "last week"]), /expected a date/);
});

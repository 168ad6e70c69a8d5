import assert from "node:assert/strict";
import { auditCommand } from "../../../src/cli/commands/audit.ts";
import type { AuditOptions } from "../../../src/audit/run_audit.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<AuditOptions>(auditCommand, argv);

Deno.test("audit: argv fills the flags", async () => {
  assert.deepEqual(await parse([]), { since: undefined, json: false, check: false });
  assert.deepEqual(await parse(["--since", "2026-11-01", "--json", "--check"]), {
    since: new Date("2026-11-01T00:00:00Z"),
    json: true,
    check: true,
  });
  await assert.rejects(parse(["--since", "soon"]), /expected a date/);
});

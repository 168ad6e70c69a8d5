import assert from "node:assert/strict";
import { auditCommand, type AuditFlags } from "../../../src/cli/commands/audit.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<AuditFlags> {
  let parsed: AuditFlags | undefined;
  const command = auditCommand(memoryContext(), (flags) => {
    parsed = flags;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("audit: argv fills the flags", async () => {
  assert.deepEqual(await parse([]), { since: undefined, json: false, check: false });
  assert.deepEqual(await parse(["--since", "2026-11-01", "--json", "--check"]), {
    since: new Date("2026-11-01T00:00:00Z"),
    json: true,
    check: true,
  });
  await assert.rejects(parse(["--since", "soon"]), /expected a date/);
});

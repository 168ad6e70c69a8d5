import assert from "node:assert/strict";
import { doctorCommand, type DoctorFlags } from "../../../src/cli/commands/doctor.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<DoctorFlags> {
  let parsed: DoctorFlags | undefined;
  const command = doctorCommand(memoryContext(), (flags) => {
    parsed = flags;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("doctor: argv fills the flags", async () => {
  assert.deepEqual(await parse([]), { json: false, report: false });
  assert.deepEqual(await parse(["--json", "--report"]), { json: true, report: true });
  await assert.rejects(parse(["--fix"]), /unknown option/);
});

import assert from "node:assert/strict";
import { doctorCommand } from "../../../src/cli/commands/doctor.ts";
import type { DoctorOptions } from "../../../src/doctor/run_doctor.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<DoctorOptions>(doctorCommand, argv);

Deno.test("doctor: argv fills the flags", async () => {
  assert.deepEqual(await parse([]), { json: false, report: false });
  assert.deepEqual(await parse(["--json", "--report"]), { json: true, report: true });
  await assert.rejects(parse(["--fix"]), /unknown option/);
});

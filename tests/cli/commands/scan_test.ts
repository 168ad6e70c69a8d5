import assert from "node:assert/strict";
import { scanCommand, type ScanFlags } from "../../../src/cli/commands/scan.ts";
import { parseFlags } from "./_parse_flags.ts";

const parse = (argv: string[]) => parseFlags<ScanFlags>(scanCommand, argv);

Deno.test("scan: a diff is detected unless --diff or --no-diff says so", async () => {
  assert.deepEqual(await parse([]), {
    files: [],
    format: "text",
    diff: undefined,
    name: undefined,
    allow: undefined,
    baseline: undefined,
  });
  assert.equal((await parse(["--diff"])).diff, true);
  assert.equal((await parse(["--no-diff"])).diff, false);
});

Deno.test("scan: every flag", async () => {
  assert.deepEqual(await parse(["-f", "sarif", "--name", "build.log", "-"]), {
    files: ["-"],
    format: "sarif",
    diff: undefined,
    name: "build.log",
    allow: undefined,
    baseline: undefined,
  });
  assert.equal((await parse(["--allow", "fp:0123456789ab"])).allow, "fp:0123456789ab");
  assert.equal((await parse(["--baseline"])).baseline, true);
  await assert.rejects(parse(["--format", "xml"]));
});

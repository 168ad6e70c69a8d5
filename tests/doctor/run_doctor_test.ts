import assert from "node:assert/strict";
import { runDoctor } from "../../src/doctor/run_doctor.ts";
import { SilentError } from "../../src/core/errors.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("runDoctor --json lists every item and fails under the test runner's broad permissions", async () => {
  const root = await Deno.makeTempDir();
  try {
    const canary = openaiProjectKey("DOCTOR");
    const context = memoryContext({
      env: { OMNIMANCER_HOME: `${root}/home`, OPENAI_API_KEY: canary },
    });
    await assert.rejects(runDoctor({ json: true, report: false }, context), SilentError);
    await context.io.close();
    const result = JSON.parse(context.stdout());
    assert.equal(result.ok, false);
    const ids = result.checks.map((check: { id: string }) => check.id);
    for (
      const id of [
        "config",
        "key-source.openai",
        "key-age.openai",
        "file-modes.dir",
        "endpoint",
        "gitignore",
        "dotenv",
        "secrets-in-files",
        "audit-alerts",
        "permission.run",
      ]
    ) {
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    }
    assert.equal(
      result.summary.fail,
      result.checks.filter((check: { status: string }) => check.status === "fail").length,
    );
    assert.ok(!context.stdout().includes(canary.slice(0, 24)));
    assert.match(context.stderr(), /\d+ pass, \d+ warn, \d+ fail, \d+ unknown/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runDoctor --report writes a redacted 0600 bundle in the config directory and prints its path", async () => {
  const root = await Deno.makeTempDir();
  try {
    const canary = openaiProjectKey("REPORT");
    const context = memoryContext({
      env: { OMNIMANCER_HOME: `${root}/home`, OPENAI_API_KEY: canary },
    });
    await assert.rejects(runDoctor({ json: false, report: true }, context), SilentError);
    await context.io.close();
    const path = context.stdout().trim();
    assert.match(path, new RegExp(`^${root}/home/reports/doctor-\\d{8}T\\d{6}Z\\.json$`));
    const text = await Deno.readTextFile(path);
    assert.ok(!text.includes(canary.slice(0, 24)));
    const report = JSON.parse(text);
    assert.deepEqual(report.credential_variables_set, ["OPENAI_API_KEY"]);
    assert.equal(report.omn.version.length > 0, true);
    assert.ok(Array.isArray(report.checks) && Array.isArray(report.files));
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
      assert.equal((await Deno.stat(`${root}/home/reports`)).mode! & 0o777, 0o700);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { runChecks } from "../../src/doctor/run_doctor.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("doctor checks the selected profile's keys and fails an unknown profile", async () => {
  const root = await Deno.makeTempDir();
  try {
    const [devKey, prodKey] = [openaiProjectKey("DRDEV"), anthropicKey("DRPROD")];
    await Deno.mkdir(`${root}/home`, { mode: 0o700 });
    await Deno.writeTextFile(
      `${root}/home/config.json`,
      JSON.stringify({
        version: 1,
        providers: { openai: { api_key: devKey } },
        profiles: { prod: { providers: { anthropic: { api_key: prodKey } } } },
      }),
      { mode: 0o600 },
    );
    const env = { OMNIMANCER_HOME: `${root}/home` };
    const prod = await runChecks(memoryContext({ env: { ...env, OMNIMANCER_PROFILE: "prod" } }));
    assert.equal(prod.profile, "prod");
    const details = prod.checks.map((check) => `${check.id}: ${check.detail}`).join("\n");
    assert.match(details, /^profile: profile "prod" \(from OMNIMANCER_PROFILE\)/m);
    assert.ok(details.includes(fingerprint(prodKey)), details);
    assert.ok(!details.includes(fingerprint(devKey)), "the default profile's key is not checked");

    const unknown = await runChecks(memoryContext({ env: { ...env, OMNIMANCER_PROFILE: "qa" } }));
    assert.equal(unknown.profile, null);
    const profile = unknown.checks.find((check) => check.id === "profile");
    assert.equal(profile?.status, "fail");
    assert.match(profile?.fix ?? "", /omn profiles add qa/);
    assert.ok(!unknown.checks.some((check) => check.id.startsWith("key-source.")));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { checkProfile } from "../../src/doctor/check_profile.ts";

Deno.test("checkProfile passes naming the profile and its source, fails for a missing one", () => {
  const config = { version: 1 as const, profiles: { prod: {} } };
  const pass = checkProfile({ name: "prod", source: "--profile" }, config);
  assert.equal(pass.status, "pass");
  assert.match(pass.detail, /profile "prod" \(from --profile\)/);
  assert.equal(checkProfile({ name: "default", source: "default" }, { version: 1 }).status, "pass");
  const fail = checkProfile({ name: "qa", source: "OMNIMANCER_PROFILE" }, config);
  assert.equal(fail.status, "fail");
  assert.match(
    fail.detail,
    /"qa" \(from OMNIMANCER_PROFILE\) does not exist; the config has default, prod/,
  );
  assert.match(fail.fix ?? "", /omn profiles add qa/);
});

import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { checkProfileName, selectProfile } from "../../src/config/select_profile.ts";

Deno.test("--profile beats OMNIMANCER_PROFILE, which beats default; an empty variable is unset", () => {
  assert.deepEqual(selectProfile({ flag: "dev", env: "prod" }), {
    name: "dev",
    source: "--profile",
  });
  assert.deepEqual(selectProfile({ env: "prod" }), { name: "prod", source: "OMNIMANCER_PROFILE" });
  assert.deepEqual(selectProfile({ env: "" }), { name: "default", source: "default" });
  assert.deepEqual(selectProfile({}), { name: "default", source: "default" });
});

Deno.test("profile names are [a-z0-9][a-z0-9_-]{0,31}; others are usage errors naming their origin", () => {
  for (const name of ["default", "prod", "a", "0", "dev_2-eu", "x".repeat(32)]) {
    assert.equal(checkProfileName(name, "--profile"), name);
  }
  for (const name of ["", "Prod", "-x", "_x", "a/b", "../config", "a.b", "x".repeat(33), "é"]) {
    assert.throws(() => checkProfileName(name, "--profile"), UsageError, JSON.stringify(name));
  }
  assert.throws(
    () => selectProfile({ env: "../etc" }),
    (error: Error) => error instanceof UsageError && /OMNIMANCER_PROFILE/.test(error.message),
  );
  assert.throws(
    () => checkProfileName("x".repeat(80), "--profile"),
    (error: Error) => /a name of 80 characters/.test(error.message),
  );
});

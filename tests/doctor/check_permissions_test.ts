import assert from "node:assert/strict";
import { checkPermissions, type PermissionQuery } from "../../src/doctor/check_permissions.ts";

const DIR = "/home/ada/.omnimancer";

Deno.test("the release permission set passes every item", () => {
  const query: PermissionQuery = (descriptor) => {
    if ("path" in descriptor && descriptor.path === DIR) return "granted";
    return "prompt";
  };
  const checks = checkPermissions(DIR, query);
  assert.deepEqual(checks.map((check) => check.status), Array(7).fill("pass"));
  assert.deepEqual(checks.map((check) => check.id), [
    "permission.read",
    "permission.write",
    "permission.net",
    "permission.env",
    "permission.run",
    "permission.ffi",
    "permission.sys",
  ]);
});

Deno.test("blanket grants fail with the fix; a config directory outside the grant warns", () => {
  const all: PermissionQuery = () => "granted";
  const checks = checkPermissions(DIR, all);
  assert.deepEqual(checks.map((check) => check.status), Array(7).fill("fail"));
  assert.match(checks[4].detail, /run is granted; omn never needs subprocesses/);
  assert.match(checks[0].fix!, /deno task omn/);
  const elsewhere = checkPermissions(DIR, () => "prompt");
  assert.equal(elsewhere[0].status, "warn");
  assert.match(elsewhere[0].detail, /not granted for the config directory/);
});

Deno.test("checkPermissions queries the real process by default (the test runner holds broad grants)", () => {
  const checks = checkPermissions(DIR);
  assert.equal(checks.find((check) => check.id === "permission.run")!.status, "fail");
});

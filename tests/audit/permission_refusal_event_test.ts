import assert from "node:assert/strict";
import { permissionRefusalEvent } from "../../src/audit/permission_refusal_event.ts";

Deno.test("permissionRefusalEvent names the permission and its target, and ignores other errors", () => {
  assert.deepEqual(
    permissionRefusalEvent(
      new Deno.errors.NotCapable(
        'Requires read access to "/etc/passwd", run again with --allow-read',
      ),
      "scan",
    ),
    { command: "scan", event: "permission.refused", permission: "read", target: "/etc/passwd" },
  );
  assert.equal(permissionRefusalEvent(new TypeError("x"), "ask"), undefined);
  assert.equal(
    permissionRefusalEvent(new Deno.errors.PermissionDenied("odd"), "ask")?.permission,
    "unknown",
  );
});

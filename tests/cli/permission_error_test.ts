import assert from "node:assert/strict";
import { explainPermissionError } from "../../src/cli/permission_error.ts";
import { ExitCode } from "../../src/cli/errors.ts";

Deno.test("Deno permission errors become one line naming the refusal and the way to allow it", () => {
  const net = explainPermissionError(
    new Deno.errors.NotCapable(
      'Requires net access to "gateway.example:8443", run again with the --allow-net flag',
    ),
  );
  assert.equal(net?.exitCode, ExitCode.Refused);
  assert.match(net!.message, /Connection to "gateway\.example:8443" refused/);
  assert.match(net!.message, /OMNIMANCER_EXTRA_HOSTS=gateway\.example /);
  const read = explainPermissionError(
    new Deno.errors.NotCapable(
      'Requires read access to "/etc/shadow", run again with the --allow-read flag',
    ),
  );
  assert.match(read!.message, /Reading "\/etc\/shadow" refused/);
  assert.match(read!.message, /stdin/);
  assert.doesNotMatch(read!.message, /\n/);
  assert.equal(explainPermissionError(new TypeError("x")), undefined);
});

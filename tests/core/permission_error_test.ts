import assert from "node:assert/strict";
import { explainPermissionError, refusesConfigDir } from "../../src/core/permission_error.ts";
import { ExitCode } from "../../src/core/errors.ts";

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

Deno.test("a refused config directory says the binary was built for another one, in one line", () => {
  const error = new Deno.errors.NotCapable(
    'Requires read access to "/home/runner/.omnimancer", run again with the --allow-read flag',
  );
  const refusal = explainPermissionError(error, "/home/runner/.omnimancer");
  assert.equal(refusal?.exitCode, ExitCode.Refused);
  assert.match(
    refusal!.message,
    /^Cannot use the config directory "\/home\/runner\/\.omnimancer": /,
  );
  assert.match(refusal!.message, /--pin-home/);
  assert.doesNotMatch(refusal!.message, /\n|< "|run again|--allow-/);
  const inside = new Deno.errors.NotCapable(
    'Requires write access to "/home/runner/.omnimancer/audit.jsonl", run again with the --allow-write flag',
  );
  assert.ok(refusesConfigDir(inside, "/home/runner/.omnimancer"));
  const elsewhere = new Deno.errors.NotCapable('Requires read access to "/etc/passwd"');
  assert.ok(!refusesConfigDir(elsewhere, "/home/runner/.omnimancer"));
  assert.match(explainPermissionError(elsewhere, "/home/runner/.omnimancer")!.message, /stdin/);
});

Deno.test("a config directory whose parent is missing names the parent to create, not another build", () => {
  // The permission set grants the config directory only, so omn cannot make its missing parents.
  const error = new Deno.errors.NotCapable(
    'Requires write access to "/srv/omn/a", run again with the --allow-write flag',
  );
  const refusal = explainPermissionError(error, "/srv/omn/a/b/home");
  assert.equal(refusal?.exitCode, ExitCode.Refused);
  assert.equal(
    refusal!.message,
    'Cannot create the config directory "/srv/omn/a/b/home": its parent "/srv/omn/a" does not ' +
      'exist, and omn writes only inside its config directory: create it (mkdir -p "/srv/omn/a"), ' +
      "or set OMNIMANCER_HOME to a directory whose parent exists",
  );
});

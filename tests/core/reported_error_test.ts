import assert from "node:assert/strict";
import { reportedError } from "../../src/core/reported_error.ts";
import { ExitCode, RefusalError, UsageError } from "../../src/core/errors.ts";

Deno.test("a permission error is reported as its one-line explanation, exit 3", () => {
  const raw = new Deno.errors.NotCapable(
    'Requires net access to "gateway.example:8443", run again with the --allow-net flag',
  );
  const reported = reportedError(raw);
  assert.ok(reported.error instanceof RefusalError);
  assert.equal(reported.exitCode, ExitCode.Refused);
  assert.match(
    reported.message,
    /^Connection to "gateway\.example:8443" refused by omn's permission set/,
  );
  assert.doesNotMatch(reported.message, /\n|--allow-net/);
});

Deno.test("a refusal of the run's config directory says so when the directory is given", () => {
  const raw = new Deno.errors.NotCapable(
    'Requires write access to "/home/ada/.omnimancer/config.json", run again with the --allow-write flag',
  );
  assert.match(
    reportedError(raw, "/home/ada/.omnimancer").message,
    /^Cannot use the config directory/,
  );
  assert.match(reportedError(raw).message, /^Writing ".*config\.json" refused/);
});

Deno.test("other errors are reported as they are: an OmnError with its code, anything else exit 1", () => {
  const usage = new UsageError("No job name: pass --job NAME");
  assert.deepEqual(reportedError(usage), {
    error: usage,
    message: "No job name: pass --job NAME",
    exitCode: ExitCode.Usage,
  });
  const plain = new TypeError("boom");
  assert.deepEqual(reportedError(plain), {
    error: plain,
    message: "boom",
    exitCode: ExitCode.Runtime,
  });
  assert.deepEqual(reportedError("text"), {
    error: "text",
    message: "text",
    exitCode: ExitCode.Runtime,
  });
});

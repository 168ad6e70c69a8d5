import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/parse_config.ts";
import { setConfigValue, SettingsSchema } from "../../src/config/schema.ts";
import { ExitCode, OmnError } from "../../src/core/errors.ts";
import { runCli } from "../../src/cli/run_cli.ts";

/** Every duration setting, found by its unit suffix, and its largest value. */
const LIMITS: Record<string, number> = {
  timeout_ms: 2_147_483_647,
  max_retry_wait_ms: 2_147_483_647,
  connect_timeout_ms: 2_147_483_647,
  first_byte_timeout_ms: 2_147_483_647,
  idle_timeout_ms: 2_147_483_647,
  history_retention_days: 36_500,
  audit_max_age_days: 36_500,
  audit_auth_window_minutes: 52_560_000,
  audit_alert_hours: 876_000,
};

Deno.test("every duration setting is known here, so none escapes the duration check", () => {
  const durations = Object.keys(SettingsSchema.shape).filter((name) =>
    /_(ms|seconds|minutes|hours|days)$/.test(name)
  );
  assert.deepEqual(durations.sort(), Object.keys(LIMITS).sort());
});

Deno.test("a duration setting past its limit is refused with exit 3 naming the setting and the limit", () => {
  for (const [name, limit] of Object.entries(LIMITS)) {
    const accepted = parseConfig(JSON.stringify({ version: 1, settings: { [name]: limit } }), "c");
    assert.equal(accepted.settings?.[name as keyof typeof accepted.settings], limit);
    for (const value of [limit + 1, 1e300, 2.5]) {
      const text = JSON.stringify({ version: 1, settings: { [name]: value } });
      assert.throws(() => parseConfig(text, "config.json"), (error: OmnError) => {
        assert.equal(error.exitCode, ExitCode.Refused);
        assert.match(error.message, new RegExp(`settings\\.${name}: expected a whole number of`));
        assert.match(error.message, new RegExp(` to ${limit} \\(`));
        return true;
      }, `${name}=${value}`);
    }
  }
});

Deno.test("config set refuses a duration past its limit as a bad argument (exit 2)", () => {
  assert.throws(
    () => setConfigValue({ version: 1 }, "settings.timeout_ms", "2147483648"),
    (error: OmnError) => {
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.match(error.message, /to 2147483647 \(about 24 days, the longest a timer can wait\)/);
      return true;
    },
  );
  assert.deepEqual(setConfigValue({ version: 1 }, "settings.timeout_ms", "2147483647"), {
    version: 1,
    settings: { timeout_ms: 2_147_483_647 },
  });
});

Deno.test("omn with a config file whose timeout overflows a timer exits 3 before any request", async () => {
  const home = await Deno.makeTempDir({ prefix: "omn-durations-" });
  try {
    await Deno.chmod(home, 0o700);
    await Deno.writeTextFile(
      `${home}/config.json`,
      JSON.stringify({ version: 1, settings: { idle_timeout_ms: 2_147_484_000 } }),
      { mode: 0o600 },
    );
    let stderr = "";
    const code = await runCli(["ask", "--provider", "mock", "hi"], {
      streams: {
        stdin: new Blob([""]).stream(),
        stdout: new WritableStream(),
        writeStderr: (bytes) => void (stderr += new TextDecoder().decode(bytes)),
        stdinIsTerminal: false,
        stdoutIsTerminal: false,
        stderrIsTerminal: false,
      },
      env: (name) => (name === "OMNIMANCER_HOME" ? home : undefined),
      cwd: "/nonexistent",
    });
    assert.equal(code, 3, stderr);
    assert.match(stderr, /settings\.idle_timeout_ms: expected a whole number of milliseconds/);
    assert.doesNotMatch(stderr, /TimeoutOverflowWarning/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

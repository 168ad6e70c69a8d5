import assert from "node:assert/strict";
import { parseLogEnv, resolveLogSettings } from "../../src/log/resolve_log_settings.ts";
import { RefusalError, UsageError } from "../../src/core/errors.ts";

const WHERE = { dir: "/home/ada/.omnimancer", cwd: "/work" };

Deno.test("logging is off unless a flag or OMNIMANCER_LOG asks for it, and with level off", () => {
  assert.equal(resolveLogSettings({}, WHERE), undefined);
  assert.equal(resolveLogSettings({ logLevel: "off" }, { ...WHERE, envValue: "debug" }), undefined);
  assert.equal(resolveLogSettings({}, { ...WHERE, envValue: "off" }), undefined);
});

Deno.test("defaults: info, text, omn.log in the config directory; flags beat OMNIMANCER_LOG", () => {
  assert.deepEqual(resolveLogSettings({ logFormat: "json" }, WHERE), {
    path: "/home/ada/.omnimancer/omn.log",
    level: "info",
    format: "json",
  });
  assert.deepEqual(resolveLogSettings({}, { ...WHERE, envValue: "debug:json" }), {
    path: "/home/ada/.omnimancer/omn.log",
    level: "debug",
    format: "json",
  });
  assert.deepEqual(
    resolveLogSettings({ logLevel: "warn", logFile: "../home/ada/.omnimancer/logs/x.log" }, {
      ...WHERE,
      envValue: "debug:json",
    }),
    { path: "/home/ada/.omnimancer/logs/x.log", level: "warn", format: "json" },
  );
});

Deno.test("a log file outside the config directory, or not named *.log, is refused", () => {
  for (
    const logFile of [
      "/tmp/omn.log",
      "omn.log",
      "/home/ada/.omnimancer/../x.log",
      "/home/ada/.omnimancer",
    ]
  ) {
    assert.throws(() => resolveLogSettings({ logFile }, WHERE), RefusalError, logFile);
  }
  for (
    const logFile of ["/home/ada/.omnimancer/config.json", "/home/ada/.omnimancer/audit.jsonl"]
  ) {
    assert.throws(() => resolveLogSettings({ logFile }, WHERE), /must end in "\.log"/);
  }
});

Deno.test("parseLogEnv reads a level, a format or both, and refuses anything else", () => {
  assert.deepEqual(parseLogEnv("debug"), { logLevel: "debug" });
  assert.deepEqual(parseLogEnv("JSON"), { logFormat: "json" });
  assert.deepEqual(parseLogEnv("json:warn"), { logLevel: "warn", logFormat: "json" });
  assert.throws(() => parseLogEnv("verbose"), UsageError);
});

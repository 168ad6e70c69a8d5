import assert from "node:assert/strict";
import { formatLogRecord, Logger } from "../../src/log/logger.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

const TIME = new Date("2026-11-29T12:00:00Z");

Deno.test("formatLogRecord writes text with escaped line breaks, or one JSON object", () => {
  assert.equal(
    formatLogRecord("text", {
      time: TIME,
      level: "info",
      message: "two\nlines",
      fields: { command: "keys set", count: 2, list: ["a"] },
    }),
    `2026-11-29T12:00:00.000Z info two\\nlines pid=${Deno.pid} command="keys set" count=2 list=["a"]`,
  );
  assert.deepEqual(
    JSON.parse(
      formatLogRecord("json", { time: TIME, level: "debug", message: "m", fields: { a: 1 } }),
    ),
    { time: "2026-11-29T12:00:00.000Z", level: "debug", msg: "m", pid: Deno.pid, a: 1 },
  );
});

Deno.test("every log record is redacted, in message and fields, in both formats", () => {
  const canaries = [openaiProjectKey("LOG"), anthropicKey("LOG")];
  for (const format of ["text", "json"] as const) {
    const line = formatLogRecord(format, {
      time: TIME,
      level: "error",
      message: `failed with ${canaries[0]}`,
      fields: { header: `x-api-key: ${canaries[1]}`, nested: { deep: [canaries[0]] } },
    });
    for (const canary of canaries) assert.ok(!line.includes(canary.slice(0, 24)), format);
  }
});

Deno.test("a logger writes records at or above its level to a 0600 file; off writes nothing", async () => {
  const root = await Deno.makeTempDir();
  try {
    const path = `${root}/home/omn.log`;
    const log = await Logger.open({ path, level: "info", format: "json" }, { now: () => TIME });
    log.debug("hidden");
    log.info("shown", { n: 1 });
    log.warn("also");
    log.close();
    log.error("after close");
    const lines = (await Deno.readTextFile(path)).trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(lines.map((line) => [line.level, line.msg]), [["info", "shown"], [
      "warn",
      "also",
    ]]);
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    const off = Logger.off();
    assert.equal(off.enabled("error"), false);
    off.error("nothing");
    off.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

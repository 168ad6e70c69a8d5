import assert from "node:assert/strict";
import {
  describeCommand,
  loggerOf,
  startLogging,
  stopLogging,
} from "../../src/log/start_logging.ts";
import { buildApp } from "../../src/cli/app.ts";
import { memoryContext } from "../cli/_memory_io.ts";

Deno.test("startLogging attaches a logger to the context and records the command, never its arguments", async () => {
  const root = await Deno.makeTempDir();
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: root, OMNIMANCER_LOG: "json" } });
    assert.equal(loggerOf(context).enabled("error"), false);
    await startLogging(context, {}, { command: "ask", options: ["model"], args: 1 });
    loggerOf(context).info("more");
    stopLogging(context);
    assert.equal(loggerOf(context).enabled("error"), false);
    const lines = (await Deno.readTextFile(`${root}/omn.log`)).trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(lines.map((line) => line.msg), ["command started", "more"]);
    assert.deepEqual([lines[0].command, lines[0].options, lines[0].args], ["ask", ["model"], 1]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("startLogging does nothing when logging is off", async () => {
  const context = memoryContext({ env: { OMNIMANCER_HOME: "/nonexistent/omn" } });
  const logger = await startLogging(context, {}, { command: "ask", options: [], args: 0 });
  assert.equal(logger.enabled("error"), false);
  assert.equal(loggerOf(context), logger);
});

Deno.test("describeCommand names the command path, the options given on the command line and the argument count", async () => {
  const context = memoryContext({ env: { OMNIMANCER_HOME: "/nonexistent/omn" } });
  const program = buildApp(context);
  let facts: ReturnType<typeof describeCommand> | undefined;
  program.hook("preAction", (_root, command) => {
    facts = describeCommand(command);
    throw new Error("stop before the action");
  });
  program.exitOverride();
  await assert.rejects(
    program.parseAsync(["config", "set", "settings.color", "false"], { from: "user" }),
    /stop before the action/,
  );
  assert.deepEqual(facts, { command: "config set", options: [], args: 2 });
  await assert.rejects(
    program.parseAsync(["usage", "--json", "--by", "day"], { from: "user" }),
    /stop before/,
  );
  assert.deepEqual(facts, { command: "usage", options: ["by", "json"], args: 0 });
});

Deno.test({
  name: "startLogging refuses a linked directory between the config directory and the log file",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    // Opening the log checks only its own directory: logs/ linked elsewhere, with the log one
    // level below it, took the log out of the config directory.
    const root = await Deno.makeTempDir();
    try {
      const home = `${root}/home`;
      await Deno.mkdir(home, { mode: 0o700 });
      await Deno.mkdir(`${root}/outside`, { mode: 0o700 });
      await Deno.symlink(`${root}/outside`, `${home}/logs`);
      const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
      await assert.rejects(
        startLogging(context, { logFile: `${home}/logs/x/omn.log` }, {
          command: "ask",
          options: [],
          args: 0,
        }),
        /Refusing to use log directory ".*\/home\/logs": it is a symbolic link/,
      );
      stopLogging(context);
      assert.deepEqual([...Deno.readDirSync(`${root}/outside`)], []);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

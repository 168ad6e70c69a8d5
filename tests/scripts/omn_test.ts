import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { childEnv, noteOmnStart } from "../e2e/_child_env.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LAUNCHER_FLAGS = ["run", "-q", "--allow-read", "--allow-write", "--allow-env", "--allow-run"];

/**
 * Runs a shell line with `pid` as `$1` and gives its stdout. Through `sh`, because Deno grants
 * reads of `/proc` only to a program with every permission, which the test task does not give.
 */
async function shell(line: string, pid: number): Promise<string> {
  const result = await new Deno.Command("sh", { args: ["-c", line, "sh", String(pid)] }).output();
  return new TextDecoder().decode(result.stdout);
}

/** The process ids of `pid`'s children (Linux: `/proc/PID/task/*\/children`). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await shell('cat /proc/"$1"/task/*/children 2>/dev/null', pid);
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Whether process `pid` still exists (a zombie counts as ended). */
async function isAlive(pid: number): Promise<boolean> {
  const state = await shell('grep "^State:" /proc/"$1"/status 2>/dev/null', pid);
  return state !== "" && !/^State:\s+Z/.test(state);
}

/** Starts `deno task omn -q redact` as the task does, its stdin and stdout piped. */
function startLauncher(home: string): Deno.ChildProcess {
  noteOmnStart(["-q"]);
  return new Deno.Command(Deno.execPath(), {
    // Through the command tree (-q): the bare `redact` is a fast path of its own.
    args: [...LAUNCHER_FLAGS, "scripts/omn.ts", "-q", "redact"],
    cwd: ROOT,
    env: childEnv({ OMNIMANCER_HOME: `${home}/omn`, NO_COLOR: "1" }),
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Waits until omn, behind the launcher, echoed a line: it runs, its signal listeners installed. */
async function untilRunning(launcher: Deno.ChildProcess): Promise<{
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  stdout: ReadableStreamDefaultReader<Uint8Array>;
}> {
  const stdin = launcher.stdin.getWriter();
  const stdout = launcher.stdout.getReader();
  await stdin.write(new TextEncoder().encode("ready\n"));
  let seen = "";
  while (!seen.includes("ready\n")) {
    const { value, done } = await stdout.read();
    assert.ok(!done, "omn printed the line");
    seen += new TextDecoder().decode(value);
  }
  return { stdin, stdout };
}

Deno.test({
  name: "deno task omn exits with the shell's code of a signal that killed omn (SIGKILL: 137)",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const home = await Deno.makeTempDir({ prefix: "omn-launcher-" });
    const launcher = startLauncher(home);
    const { stdin, stdout } = await untilRunning(launcher);
    try {
      const [omn] = await childrenOf(launcher.pid);
      assert.ok(omn !== undefined, "the launcher runs omn in a child");
      Deno.kill(omn, "SIGKILL");
      const status = await launcher.status;
      assert.equal(status.code, 137);
    } finally {
      // Whatever failed, omn sees the end of its input and ends, and the launcher with it.
      await stdin.close().catch(() => {});
      await stdout.cancel().catch(() => {});
      await launcher.stderr.cancel().catch(() => {});
      await launcher.status;
      await Deno.remove(home, { recursive: true });
    }
  },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.test({
    name:
      `deno task omn passes ${signal} on to omn and exits as it does (130), leaving no omn behind`,
    ignore: Deno.build.os !== "linux",
    fn: async () => {
      const home = await Deno.makeTempDir({ prefix: "omn-launcher-" });
      const launcher = startLauncher(home);
      const { stdin, stdout } = await untilRunning(launcher);
      let omn: number | undefined;
      try {
        [omn] = await childrenOf(launcher.pid);
        assert.ok(omn !== undefined, "the launcher runs omn in a child");
        launcher.kill(signal);
        const status = await launcher.status;
        assert.equal(status.code, 130, `the launcher ended with ${status.code} (${status.signal})`);
        for (let wait = 0; wait < 40 && await isAlive(omn); wait++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(await isAlive(omn), false, "omn ended with its launcher");
      } finally {
        if (omn !== undefined && await isAlive(omn)) Deno.kill(omn, "SIGKILL");
        await stdin.close().catch(() => {});
        await stdout.cancel().catch(() => {});
        await launcher.stderr.cancel().catch(() => {});
        await launcher.status;
        await Deno.remove(home, { recursive: true });
      }
    },
  });
}

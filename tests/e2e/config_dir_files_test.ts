/**
 * The config directory's files: a lock file that is a link is refused, and
 * a lock held by a hung process is given up on after the bounded wait, with
 * exit 3. Both run in process (the test's flock, on another open file, holds
 * the lock against omn as another process would).
 *
 * @module
 */
import assert from "node:assert/strict";
import { tempWorkspace } from "./_workspace.ts";
import { instantClock } from "../_support/instant_clock.ts";
import { runInProcess } from "./_in_process.ts";

const posix = Deno.build.os !== "windows";

Deno.test({
  name:
    "a config.lock that is a dangling symbolic link stops a change with exit 3 and creates nothing outside",
  ignore: !posix,
  fn: async () => {
    await using workspace = await tempWorkspace();
    await Deno.mkdir(workspace.home, { mode: 0o700 });
    await Deno.symlink(`${workspace.root}/elsewhere.lock`, `${workspace.home}/config.lock`);
    // In process, where nothing but omn's own check stops a write outside the config directory.
    const result = await runInProcess(["config", "set", "settings.color", "false"], workspace);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /config lock ".*config\.lock": it is a symbolic link/);
    await assert.rejects(Deno.lstat(`${workspace.root}/elsewhere.lock`), Deno.errors.NotFound);
  },
});

Deno.test({
  name:
    "a config.lock held by a live, hung process: omn gives up after its bounded wait with exit 3 naming the lock and the pid",
  ignore: !posix,
  fn: async () => {
    await using workspace = await tempWorkspace();
    await Deno.mkdir(workspace.home, { mode: 0o700 });
    // This test process plays the hung holder: it takes the flock and writes its pid, as omn does.
    using holder = await Deno.open(`${workspace.home}/config.lock`, {
      read: true,
      write: true,
      create: true,
      mode: 0o600,
    });
    await holder.lock(true);
    await holder.write(new TextEncoder().encode(`${Deno.pid}\n`));
    // In process, on a clock that does not wait: the 10 s are the clock's, not the test's.
    const clock = instantClock();
    const result = await runInProcess(["config", "set", "settings.color", "false"], {
      ...workspace,
      clock,
    });
    assert.equal(result.code, 3, result.stderr);
    assert.equal(clock.waits.reduce((sum, wait) => sum + wait, 0), 10_000, "it waited 10 s");
    assert.match(
      result.stderr,
      new RegExp(
        `Cannot take the config lock ".*config\\.lock": process ${Deno.pid} has held it for more than 10 s: ` +
          `wait for it to finish, or end it \\(kill ${Deno.pid}\\) if it hangs`,
      ),
    );
    assert.match(
      result.stderr,
      new RegExp(`Waiting for the config lock held by process ${Deno.pid} \\(at most 10 s\\)`),
    );
    await assert.rejects(Deno.lstat(`${workspace.home}/config.json`), Deno.errors.NotFound);
  },
});

/**
 * The config directory's files under the real permission set: a lock file
 * that is a link is refused, and a lock held by a hung process is given up
 * on after the bounded wait, with exit 3.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runOmn, tempWorkspace } from "./_omn.ts";
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
    const result = await runOmn(["config", "set", "settings.color", "false"], workspace);
    assert.equal(result.code, 3, result.stderr);
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

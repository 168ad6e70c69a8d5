import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { ensurePrivateDir } from "../../src/config/ensure_private_dir.ts";
import { errorLike, modeOf } from "./_helpers.ts";

Deno.test("ensurePrivateDir creates a 0700 directory, and its missing parents 0700 too", async () => {
  const root = await Deno.makeTempDir();
  const path = `${root}/a/b/omn`;
  assert.equal(await ensurePrivateDir(path), true);
  assert.equal(await modeOf(path), 0o700);
  // Parents inside the config directory (--log-file DIR/a/b/x.log) were made with the umask's
  // mode: 0777 under umask 000, a directory anyone could write in the config directory.
  assert.equal(await modeOf(`${root}/a`), 0o700);
  assert.equal(await modeOf(`${root}/a/b`), 0o700);
  assert.equal(await ensurePrivateDir(path), false);
  await Deno.remove(root, { recursive: true });
});

Deno.test("ensurePrivateDir leaves an existing directory's mode for the checks to judge", async () => {
  const root = await Deno.makeTempDir();
  await Deno.chmod(root, 0o755);
  assert.equal(await ensurePrivateDir(root), false);
  assert.equal(await modeOf(root), 0o755);
  await Deno.remove(root, { recursive: true });
});

Deno.test("ensurePrivateDir refuses a file in the way", async () => {
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(`${root}/omn`, "");
  await assert.rejects(
    ensurePrivateDir(`${root}/omn`),
    errorLike(RefusalError, "a file has that name"),
  );
  await Deno.remove(root, { recursive: true });
});

// A link above the path is followed, as by mkdir: the callers check the directories above
// (checkPrivatePath, start_logging.ts's checkLogDirectories).
Deno.test("ensurePrivateDir refuses a link in the way, to a directory or to nothing, and never follows it", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/elsewhere`);
  await Deno.symlink(`${root}/elsewhere`, `${root}/omn`);
  await Deno.symlink(`${root}/missing`, `${root}/dangling`);
  for (const path of [`${root}/omn`, `${root}/dangling`]) {
    await assert.rejects(ensurePrivateDir(path), errorLike(RefusalError, "symbolic link"), path);
  }
  // Nothing was made through the links.
  assert.deepEqual([...Deno.readDirSync(`${root}/elsewhere`)], []);
  await assert.rejects(Deno.lstat(`${root}/missing`), Deno.errors.NotFound);
  await Deno.remove(root, { recursive: true });
});

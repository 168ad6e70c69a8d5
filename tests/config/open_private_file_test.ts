import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  checkPrivateDirectory,
  openPrivateFile,
  readPrivateFile,
  sameFile,
} from "../../src/config/open_private_file.ts";

const posix = Deno.build.os !== "windows";
const isRoot = posix && Deno.uid() === 0;
/** A uid that is not the test's. */
const OTHER_UID = 4242;
const CANARY = "OUTSIDE-CANARY-7f3a";

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "omn-private-file-" });
  try {
    await Deno.mkdir(`${root}/home`, { mode: 0o700 });
    await Deno.chmod(`${root}/home`, 0o700);
    await Deno.writeTextFile(`${root}/outside.txt`, `${CANARY}\n`);
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test({
  name: "openPrivateFile refuses a symbolic link, dangling or pointing outside, for every access",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      await Deno.symlink(`${root}/outside.txt`, `${root}/home/out`);
      await Deno.symlink(`${root}/missing.txt`, `${root}/home/dangling`);
      for (const name of ["out", "dangling"]) {
        for (const access of ["read", "append", "readAppend", "readWrite"] as const) {
          await assert.rejects(
            openPrivateFile(`${root}/home/${name}`, { access, create: true, uid: Deno.uid() }),
            (error) => error instanceof RefusalError && /symbolic link/.test(error.message),
          );
        }
      }
      assert.equal(await Deno.readTextFile(`${root}/outside.txt`), `${CANARY}\n`);
      await assert.rejects(Deno.lstat(`${root}/missing.txt`), Deno.errors.NotFound);
    }),
});

Deno.test({
  name: "openPrivateFile refuses a FIFO and a directory without opening them",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      const made = await new Deno.Command("mkfifo", { args: [`${root}/home/fifo`] }).output();
      assert.equal(made.code, 0);
      // Opening a FIFO for reading would wait for a writer forever: refused first.
      await assert.rejects(
        openPrivateFile(`${root}/home/fifo`, { access: "read", uid: Deno.uid() }),
        /not a regular file/,
      );
      await Deno.mkdir(`${root}/home/dir`);
      await assert.rejects(
        readPrivateFile(`${root}/home/dir`, { uid: Deno.uid() }),
        /not a regular file/,
      );
    }),
});

Deno.test({
  name: "openPrivateFile refuses a file others can write and warns about one others can read",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      const path = `${root}/home/usage.jsonl`;
      await Deno.writeTextFile(path, "{}\n");
      await Deno.chmod(path, 0o602);
      await assert.rejects(
        openPrivateFile(path, { access: "append", uid: Deno.uid() }),
        /writable by other users \(mode 0602\): run chmod 600/,
      );
      await Deno.chmod(path, 0o640);
      const read = await readPrivateFile(path, { uid: Deno.uid(), label: "usage ledger" });
      assert.equal(new TextDecoder().decode(read!.bytes), "{}\n");
      assert.match(read!.warnings.join("\n"), /Usage ledger ".*" is readable by its group/);
      const narrowed = await openPrivateFile(path, {
        access: "append",
        uid: Deno.uid(),
        readable: "narrow",
      });
      narrowed!.file.close();
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    }),
});

Deno.test({
  name: "openPrivateFile refuses a file in a directory that is a link or that others can write",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      await Deno.mkdir(`${root}/elsewhere`, { mode: 0o700 });
      await Deno.symlink(`${root}/elsewhere`, `${root}/home/conversations`);
      await assert.rejects(
        openPrivateFile(`${root}/home/conversations/a.json`, {
          access: "append",
          create: true,
          uid: Deno.uid(),
        }),
        /symbolic link/,
      );
      assert.deepEqual([...Deno.readDirSync(`${root}/elsewhere`)], []);
      await Deno.mkdir(`${root}/home/open`);
      await Deno.chmod(`${root}/home/open`, 0o777);
      await assert.rejects(
        openPrivateFile(`${root}/home/open/a.json`, { access: "append", create: true, uid: null }),
        /writable by its group and other users/,
      );
      await assert.rejects(Deno.lstat(`${root}/home/open/a.json`), Deno.errors.NotFound);
    }),
});

Deno.test({
  name: "openPrivateFile creates a missing file 0600 and reads nothing when not told to create",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      assert.equal(
        await openPrivateFile(`${root}/home/a`, { access: "read", create: true }),
        undefined,
      );
      assert.equal(await readPrivateFile(`${root}/home/a`), undefined);
      const opened = await openPrivateFile(`${root}/home/a`, { access: "readWrite", create: true });
      opened!.file.close();
      assert.equal(opened!.created, true);
      assert.equal((await Deno.stat(`${root}/home/a`)).mode! & 0o777, 0o600);
    }),
});

Deno.test({
  name: "readPrivateFile refuses a file over its size limit before reading it",
  ignore: !posix,
  fn: () =>
    withRoot(async (root) => {
      await Deno.writeTextFile(`${root}/home/big`, "x".repeat(2000));
      await Deno.chmod(`${root}/home/big`, 0o600);
      await assert.rejects(
        readPrivateFile(`${root}/home/big`, { maxBytes: 1024, label: ".env" }),
        /Refusing to read \.env ".*big": it is 2000 bytes, more than the limit of 1024/,
      );
      const small = await readPrivateFile(`${root}/home/big`, { maxBytes: 2000 });
      assert.equal(small!.bytes.length, 2000);
    }),
});

Deno.test("sameFile compares device and inode, so a swapped path is told apart", () => {
  assert.equal(sameFile({ dev: 1, ino: 2 }, { dev: 1, ino: 2 }), true);
  assert.equal(sameFile({ dev: 1, ino: 2 }, { dev: 1, ino: 3 }), false);
  assert.equal(sameFile({ dev: 1, ino: 2 }, { dev: 9, ino: 2 }), false);
});

Deno.test({
  name:
    "openPrivateFile and checkPrivateDirectory refuse another user's file or directory (needs root)",
  ignore: !isRoot,
  fn: () =>
    withRoot(async (root) => {
      await Deno.writeTextFile(`${root}/home/audit.jsonl`, "{}\n");
      await Deno.chmod(`${root}/home/audit.jsonl`, 0o600);
      await Deno.chown(`${root}/home/audit.jsonl`, OTHER_UID, null);
      for (const access of ["read", "append"] as const) {
        await assert.rejects(
          openPrivateFile(`${root}/home/audit.jsonl`, { access, uid: 0, label: "audit log" }),
          /Refusing to use audit log ".*": it is owned by uid 4242, not by you \(uid 0\)/,
        );
      }
      await Deno.mkdir(`${root}/home/conversations`, { mode: 0o700 });
      await Deno.chown(`${root}/home/conversations`, OTHER_UID, null);
      await assert.rejects(
        checkPrivateDirectory(`${root}/home/conversations`, { uid: 0 }),
        /owned by uid 4242/,
      );
      await assert.rejects(
        openPrivateFile(`${root}/home/conversations/x.json`, { access: "read", uid: 0 }),
        /owned by uid 4242/,
      );
    }),
});

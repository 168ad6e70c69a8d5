import assert from "node:assert/strict";
import { appendLineSync, openPrivateAppend } from "../../src/config/open_private_append.ts";
import { RefusalError } from "../../src/core/errors.ts";

const posix = Deno.build.os !== "windows";

Deno.test("openPrivateAppend creates the file 0600 in a 0700 directory and appends whole lines", async () => {
  const root = await Deno.makeTempDir();
  try {
    const path = `${root}/home/a.jsonl`;
    {
      using file = await openPrivateAppend(path);
      appendLineSync(file, '{"n":1}');
      appendLineSync(file, '{"n":2}\n');
    }
    {
      using file = await openPrivateAppend(path);
      appendLineSync(file, '{"n":3}');
    }
    assert.equal(await Deno.readTextFile(path), '{"n":1}\n{"n":2}\n{"n":3}\n');
    if (posix) {
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
      assert.equal((await Deno.stat(`${root}/home`)).mode! & 0o777, 0o700);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name:
    "openPrivateAppend narrows a file others can read to 0600, refuses one others can write and a symbolic link",
  ignore: !posix,
  fn: async () => {
    const root = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${root}/open.log`, "x\n");
      await Deno.chmod(`${root}/open.log`, 0o644);
      (await openPrivateAppend(`${root}/open.log`)).close();
      assert.equal((await Deno.stat(`${root}/open.log`)).mode! & 0o777, 0o600);
      await Deno.chmod(`${root}/open.log`, 0o666);
      await assert.rejects(
        openPrivateAppend(`${root}/open.log`),
        /writable by its group and other users/,
      );
      assert.equal(await Deno.readTextFile(`${root}/open.log`), "x\n");
      await Deno.symlink(`${root}/open.log`, `${root}/link.log`);
      await assert.rejects(openPrivateAppend(`${root}/link.log`), RefusalError);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

import assert from "node:assert/strict";
import { writeFileAtomic } from "../../src/config/write_file_atomic.ts";
import { modeOf, namesIn } from "./_helpers.ts";

Deno.test("writeFileAtomic writes the content with mode 0600 by default", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/config.json`;
  await writeFileAtomic(path, "first\n");
  assert.equal(await Deno.readTextFile(path), "first\n");
  assert.equal(await modeOf(path), 0o600);
  assert.deepEqual(await namesIn(dir), ["config.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic replaces a file and sets the given mode, whatever it was", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/audit.log`;
  await Deno.writeTextFile(path, "old", { mode: 0o666 });
  await Deno.chmod(path, 0o666);
  await writeFileAtomic(path, new TextEncoder().encode("new"), { mode: 0o640 });
  assert.equal(await Deno.readTextFile(path), "new");
  assert.equal(await modeOf(path), 0o640);
  await writeFileAtomic(path, "newer");
  assert.equal(await modeOf(path), 0o600);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic replaces a symbolic link instead of writing through it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/target`, "target");
  await Deno.symlink(`${dir}/target`, `${dir}/link`);
  await writeFileAtomic(`${dir}/link`, "replaced");
  assert.equal(await Deno.readTextFile(`${dir}/target`), "target");
  assert.equal((await Deno.lstat(`${dir}/link`)).isSymlink, false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a failed writeFileAtomic leaves the target intact and no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  // Renaming a file over a non-empty directory fails after the temporary file is written.
  await Deno.mkdir(`${dir}/config.json`);
  await Deno.writeTextFile(`${dir}/config.json/keep`, "kept");
  await assert.rejects(writeFileAtomic(`${dir}/config.json`, "new"));
  assert.deepEqual(await namesIn(dir), ["config.json"]);
  assert.equal(await Deno.readTextFile(`${dir}/config.json/keep`), "kept");
  // A missing directory fails before anything is created.
  await assert.rejects(writeFileAtomic(`${dir}/missing/config.json`, "new"), Deno.errors.NotFound);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("concurrent writeFileAtomic calls never leave a torn file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/data.json`;
  const contents = Array.from({ length: 20 }, (_, index) => `${String(index).repeat(10000)}\n`);
  await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
  assert.ok(contents.includes(await Deno.readTextFile(path)));
  assert.deepEqual(await namesIn(dir), ["data.json"]);
  await Deno.remove(dir, { recursive: true });
});

// Review of ca196e6: the syncs had gone to Deno's pool (`await file.sync()`), so the event loop
// turned while the temporary file existed; a signal's handler then (exit 130 at once on a second
// Ctrl-C, or the run ending as interrupted and omn calling Deno.exit) left the temporary file
// behind and the write undone. A slow disk is stood in for by an fsync of 50 ms.
Deno.test("writeFileAtomic gives the event loop no turn between its temporary file and the rename", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/config.json`;
  await writeFileAtomic(path, "old\n");
  const { sync } = Deno.FsFile.prototype;
  Deno.FsFile.prototype.sync = async function (this: Deno.FsFile) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return await sync.call(this);
  };
  try {
    const writing = writeFileAtomic(path, "new\n");
    // What a signal's handler, run at the event loop's next turn, finds as it exits.
    const seen = await new Promise<{ names: string[]; text: string }>((resolve) =>
      setTimeout(() =>
        resolve({
          names: [...Deno.readDirSync(dir)].map(({ name }) => name),
          text: Deno.readTextFileSync(path),
        }), 0)
    );
    await writing;
    assert.deepEqual(seen, { names: ["config.json"], text: "new\n" });
  } finally {
    Deno.FsFile.prototype.sync = sync;
  }
  assert.equal(await Deno.readTextFile(path), "new\n");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic flushes the file and its directory unless durable is false", async () => {
  const dir = await Deno.makeTempDir();
  const synced: string[] = [];
  const original = Deno.FsFile.prototype.syncSync;
  Deno.FsFile.prototype.syncSync = function (this: Deno.FsFile) {
    synced.push(this.statSync().isDirectory ? "directory" : "file");
    return original.call(this);
  };
  try {
    await writeFileAtomic(`${dir}/config.json`, "durable");
    assert.deepEqual(synced, ["file", "directory"]);
    synced.length = 0;
    await writeFileAtomic(`${dir}/config.json`, "not flushed", { durable: false });
    assert.deepEqual(synced, []);
    // Still atomic and private: the content whole, the mode set, no temporary file left.
    assert.equal(await Deno.readTextFile(`${dir}/config.json`), "not flushed");
    assert.equal(await modeOf(`${dir}/config.json`), 0o600);
    assert.deepEqual(await namesIn(dir), ["config.json"]);
  } finally {
    Deno.FsFile.prototype.syncSync = original;
    await Deno.remove(dir, { recursive: true });
  }
});

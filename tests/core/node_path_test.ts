import assert from "node:assert/strict";
import nodePath from "node:path";
import * as shim from "../../src/core/node_path.ts";

const CORPUS = [
  "",
  ".",
  "..",
  "/",
  "//",
  "///",
  "a",
  "/a",
  "a/",
  "/a/",
  "a//b",
  "/a/./b/../c",
  "../../a",
  "a/../..",
  "/..",
  "/../a",
  "./",
  "./a/",
  "..a/.b/c..",
  ".omnimancer",
  "/home/ada/.omnimancer/config.json",
  "/tmp/x/",
  "/tmp/x//",
  "config.json",
  "file.tar.gz",
  ".env",
  "..env",
  "a/.",
  "a/..",
  "//a//b//",
  "/a/b/c/../../../../d",
  "név/日本/🎉.txt",
  "a\\b",
];

/** Every path over a small alphabet up to a length: the awkward mixes of "/", "." and names. */
function* allPaths(maxLength: number): Generator<string> {
  const alphabet = ["/", ".", "a", "b"];
  let level = [""];
  for (let length = 1; length <= maxLength; length++) {
    const next: string[] = [];
    for (const prefix of level) for (const letter of alphabet) next.push(prefix + letter);
    yield* next;
    level = next;
  }
}

const paths = [...CORPUS, ...allPaths(6)];

Deno.test("normalize, dirname, basename, extname and isAbsolute match node:path's POSIX ones", () => {
  for (const path of paths) {
    for (const name of ["normalize", "dirname", "basename", "extname", "isAbsolute"] as const) {
      assert.equal(
        shim.posix[name](path),
        nodePath.posix[name](path),
        `${name}(${JSON.stringify(path)})`,
      );
    }
    for (const suffix of [".json", "b", ".", "a/", path]) {
      assert.equal(
        shim.posix.basename(path, suffix),
        nodePath.posix.basename(path, suffix),
        `basename(${JSON.stringify(path)}, ${JSON.stringify(suffix)})`,
      );
    }
  }
});

Deno.test("join, resolve and relative match node:path's POSIX ones", () => {
  const some = [...CORPUS, ...allPaths(4)];
  for (const first of some) {
    assert.equal(shim.posix.join(first), nodePath.posix.join(first));
    assert.equal(shim.posix.resolve(first), nodePath.posix.resolve(first), `resolve(${first})`);
    for (const second of CORPUS) {
      const pair = `${JSON.stringify(first)}, ${JSON.stringify(second)}`;
      assert.equal(
        shim.posix.join(first, second),
        nodePath.posix.join(first, second),
        `join(${pair})`,
      );
      assert.equal(
        shim.posix.resolve(first, second),
        nodePath.posix.resolve(first, second),
        `resolve(${pair})`,
      );
      assert.equal(
        shim.posix.relative(first, second),
        nodePath.posix.relative(first, second),
        `relative(${pair})`,
      );
    }
  }
  assert.equal(shim.posix.join(), nodePath.posix.join());
  assert.equal(shim.posix.join("a", "", "b", ""), nodePath.posix.join("a", "", "b", ""));
  assert.equal(shim.posix.resolve(), nodePath.posix.resolve());
});

Deno.test("the exports of this system are node:path's, and win32 is node:path's", () => {
  assert.equal(shim.sep, nodePath.sep);
  assert.equal(shim.delimiter, nodePath.delimiter);
  for (const path of CORPUS) {
    assert.equal(shim.join("/base", path), nodePath.join("/base", path));
    assert.equal(shim.normalize(path || "."), nodePath.normalize(path || "."));
    assert.equal(shim.dirname(path), nodePath.dirname(path));
    assert.equal(shim.basename(path), nodePath.basename(path));
    assert.equal(shim.isAbsolute(path), nodePath.isAbsolute(path));
    assert.equal(shim.resolve(path), nodePath.resolve(path));
    assert.equal(shim.relative("/a/b", path), nodePath.relative("/a/b", path));
    assert.equal(shim.win32.join("C:\\Users", path), nodePath.win32.join("C:\\Users", path));
    assert.equal(shim.win32.normalize(path || "."), nodePath.win32.normalize(path || "."));
  }
  assert.equal(shim.win32.sep, "\\");
});

Deno.test("a value that is not a string is refused, as by node:path", () => {
  assert.throws(() => shim.posix.join("a", 1 as unknown as string), TypeError);
  assert.throws(() => shim.posix.dirname(undefined as unknown as string), TypeError);
  assert.throws(() => shim.posix.basename("a", 1 as unknown as string), TypeError);
});

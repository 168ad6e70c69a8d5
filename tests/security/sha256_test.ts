import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256Hex } from "../../src/security/sha256.ts";

Deno.test("sha256Hex matches the standard vectors and node:crypto on many lengths", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  for (let length = 0; length < 300; length++) {
    const text = "ké🔑".repeat(length).slice(0, length);
    assert.equal(
      sha256Hex(text),
      createHash("sha256").update(text, "utf8").digest("hex"),
      `length ${length}`,
    );
  }
});

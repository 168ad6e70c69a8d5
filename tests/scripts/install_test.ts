import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../src/security/sha256.ts";

const INSTALL = fileURLToPath(new URL("../../scripts/install.sh", import.meta.url));

async function install(args: string[]) {
  const output = await new Deno.Command("bash", {
    args: [INSTALL, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("install.sh installs a binary whose checksum matches, and prints where completions go", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const binary = `${dir}/omn-x86_64-unknown-linux-gnu`;
    await Deno.writeTextFile(binary, "#!/bin/sh\necho fake omn\n");
    await Deno.writeTextFile(
      `${dir}/SHA256SUMS`,
      `${sha256Hex(await Deno.readFile(binary))}  omn-x86_64-unknown-linux-gnu\n`,
    );
    const result = await install([binary, "--prefix", `${dir}/bin`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Installed .*\/bin\/omn/);
    assert.match(result.stdout, /omn completions bash/);
    assert.match(result.stdout, /omn completions fish/);
    assert.equal((await Deno.stat(`${dir}/bin/omn`)).mode! & 0o777, 0o755);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("install.sh refuses a binary whose checksum does not match, or is not listed, and installs nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const binary = `${dir}/omn-x86_64-unknown-linux-gnu`;
    await Deno.writeTextFile(binary, "tampered");
    await Deno.writeTextFile(
      `${dir}/SHA256SUMS`,
      `${"0".repeat(64)}  omn-x86_64-unknown-linux-gnu\n`,
    );
    const mismatch = await install([binary, "--prefix", `${dir}/bin`]);
    assert.equal(mismatch.code, 3);
    assert.match(mismatch.stderr, /checksum mismatch.*nothing was installed/);
    await Deno.writeTextFile(`${dir}/SHA256SUMS`, `${"0".repeat(64)}  something-else\n`);
    const unlisted = await install([binary, "--prefix", `${dir}/bin`]);
    assert.equal(unlisted.code, 3);
    assert.match(unlisted.stderr, /is not listed/);
    await assert.rejects(Deno.stat(`${dir}/bin/omn`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

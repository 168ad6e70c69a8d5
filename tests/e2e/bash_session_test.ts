/**
 * The helpers that run shell lines for the end-to-end tests: one bash for
 * many lines (`_bash_session.ts`) runs each as `bash -o pipefail -c LINE`
 * would, and the `omn` shim (`_omn_shim.ts`) hands the test what a real
 * `omn` process would have received and gives back what it would have
 * printed and returned.
 *
 * @module
 */
import assert from "node:assert/strict";
import { bashQuote, startBashSession } from "./_bash_session.ts";
import { type ShimCall, startOmnShim } from "./_omn_shim.ts";
import { tempWorkspace } from "./_workspace.ts";
import { childEnv } from "./_child_env.ts";

Deno.test("a bash session runs each line apart: its status, output, pipefail, stdin and no state kept", async () => {
  await using workspace = await tempWorkspace();
  await using bash = startBashSession({
    cwd: workspace.cwd,
    env: childEnv({ HOME: workspace.root }),
    scratch: workspace.root,
  });
  assert.deepEqual(await bash.run("echo out; echo err >&2"), {
    code: 0,
    stdout: "out\n",
    stderr: "err\n",
  });
  assert.equal((await bash.run("exit 3")).code, 3);
  assert.equal((await bash.run("false | true")).code, 1, "pipefail is on");
  // A line that bash cannot parse fails alone; the session goes on.
  const broken = await bash.run("echo (");
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /syntax error/);
  // Nothing of a line reaches the next: variables, options, functions, the directory.
  await bash.run("x=1; export Y=2; set -e; f() { :; }; cd /");
  const flags = (await bash.run("echo $-")).stdout;
  assert.ok(!flags.includes("e"), flags);
  const after = await bash.run('echo "[$x][$Y][$-]"; pwd; type f');
  assert.equal(after.stdout, `[][][${flags.trim()}]\n${workspace.cwd}\n`);
  assert.equal(after.code, 1);
  assert.match(after.stderr, /f: not found/);
  // Standard input is /dev/null, never the session's own commands.
  assert.deepEqual(await bash.run("cat; echo after"), { code: 0, stdout: "after\n", stderr: "" });
  // Quotes of every kind reach bash as written.
  const line = `printf '%s|' "a b" 'it'"'"'s' $'tab\\there' "\\$HOME"`;
  assert.equal((await bash.run(line)).stdout, "a b|it's|tab\there|$HOME|");
  assert.equal(bashQuote("it's"), `'it'\\''s'`);
});

Deno.test("the omn shim hands over arguments, exported variables, cwd and stdin, and gives back output and exit code", async () => {
  await using workspace = await tempWorkspace();
  const calls: { args: string[]; call: ShimCall }[] = [];
  const big = "x".repeat(100_000);
  await using shim = await startOmnShim(workspace.root, (args, call) => {
    calls.push({ args, call });
    if (args[0] === "big") return Promise.resolve({ code: 0, stdout: big, stderr: `${big}!` });
    if (args[0] === "nul") return Promise.resolve({ code: 0, stdout: "a\0b", stderr: "c\0" });
    return Promise.resolve({ code: 7, stdout: "out\nlast line, no newline", stderr: "err\n" });
  });
  const env = childEnv({
    HOME: workspace.root,
    PATH: `${shim.bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
  });
  await using bash = startBashSession({
    cwd: workspace.cwd,
    env,
    scratch: workspace.root,
    prelude: shim.define,
  });
  const lines = [
    // The function, with a variable given to it alone, and binary stdin (NUL bytes kept).
    [`printf 'a\\0b\\377' | ONLY_HERE='v=1 "q"' omn ask "two words" '' $'line\\nbreak'`, 7],
    // The script on PATH, as xargs finds it (xargs exits 123 when it fails); stdin is /dev/null.
    ["echo one | xargs omn keys", 123],
  ] as const;
  for (const [line, code] of lines) {
    assert.deepEqual(await bash.run(line), {
      code,
      stdout: "out\nlast line, no newline",
      stderr: "err\n",
    });
  }
  assert.deepEqual(calls.map(({ args }) => args), [
    ["ask", "two words", "", "line\nbreak"],
    ["keys", "one"],
  ]);
  assert.deepEqual([...calls[0].call.stdin as Uint8Array], [0x61, 0, 0x62, 0xff]);
  assert.deepEqual([...calls[1].call.stdin as Uint8Array], []);
  for (const { call } of calls) {
    assert.equal(call.cwd, workspace.cwd);
    assert.equal(call.env.HOME, workspace.root);
    assert.equal(call.env.PATH, env.PATH);
  }
  assert.equal(calls[0].call.env.ONLY_HERE, 'v=1 "q"');
  assert.equal(calls[1].call.env.ONLY_HERE, undefined);
  // Not exported: not handed over.
  await bash.run("NOT_EXPORTED=1; omn x");
  assert.equal(calls[2].call.env.NOT_EXPORTED, undefined);
  // Output larger than what goes inline arrives whole, and output with NUL bytes too.
  assert.deepEqual(await bash.run("omn big"), { code: 0, stdout: big, stderr: `${big}!` });
  assert.deepEqual(await bash.run("omn nul"), { code: 0, stdout: "a\0b", stderr: "c\0" });
  // Binary stdin whole in a UTF-8 locale too (where bash's `read` alone drops some bytes).
  const noise = xorshiftBytes(4096);
  await Deno.writeFile(`${workspace.cwd}/noise.bin`, noise);
  await bash.run("cat noise.bin | LC_ALL=C.UTF-8 omn x");
  assert.deepEqual(calls.at(-1)!.call.stdin, noise);
});

/** `length` bytes of a xorshift sequence: every byte value, in no order bash could rely on. */
function xorshiftBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 255;
  }
  return bytes;
}

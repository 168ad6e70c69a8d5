import assert from "node:assert/strict";
import { runCliPiped } from "./_run_cli_piped.ts";

// A real, private config directory: a run that gets past its flags writes usage and history.
const home = await Deno.makeTempDir({ prefix: "omn-duration-flags-" });
globalThis.addEventListener("unload", () => Deno.removeSync(home, { recursive: true }));

function run(argv: string[]) {
  return runCliPiped(argv, { env: { OMNIMANCER_HOME: `${home}/omn` }, cwd: home });
}

const TIMER_FLAGS: [string[], string][] = [
  [["ask", "--provider", "mock"], "--timeout"],
  [["ask", "--provider", "mock"], "--connect-timeout"],
  [["ask", "--provider", "mock"], "--first-byte-timeout"],
  [["ask", "--provider", "mock"], "--idle-timeout"],
  [["ask", "--provider", "mock"], "--max-retry-wait"],
  [["batch", "--provider", "mock"], "--timeout"],
  [["chat", "--provider", "mock"], "--timeout"],
];

Deno.test("every duration flag refuses a wait a timer cannot hold: exit 2 naming the limit", async () => {
  for (const [command, flag] of TIMER_FLAGS) {
    for (const value of ["2147484", "99999999999", "1e309", "Infinity"]) {
      const result = await run([...command, flag, value, "hi"]);
      assert.equal(result.code, 2, `${command[0]} ${flag} ${value}: ${result.stderr}`);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`${flag}`));
      assert.match(result.stderr, /to 2147483 \(about 24 days, the longest a timer can wait\)/);
    }
  }
});

Deno.test("a timeout that rounds to 0 ms is refused; the largest one is accepted", async () => {
  const tiny = await run(["ask", "--provider", "mock", "--timeout", "0.0001", "hi"]);
  assert.equal(tiny.code, 2, tiny.stderr);
  assert.match(tiny.stderr, /from 0\.001 to 2147483/);
  const largest = await run(["ask", "--provider", "mock", "--timeout", "2147483", "hi"]);
  assert.equal(largest.code, 0, largest.stderr);
});

Deno.test("--since refuses an age past 100 years: exit 2 naming the limit", async () => {
  for (const command of ["usage", "audit"]) {
    for (const age of ["36501d", "5215w", "876001h", "52560001m", "99999999999999999d"]) {
      const result = await run([command, "--since", age]);
      assert.equal(result.code, 2, `${command} --since ${age}: ${result.stderr}`);
      assert.match(result.stderr, /\(100 years\) for an age/);
    }
  }
});

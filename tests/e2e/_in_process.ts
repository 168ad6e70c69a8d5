/**
 * Runs the real CLI (`runCli`, what `main.ts` runs) inside the test process:
 * same arguments, same config directory, same exit code, stdout and stderr
 * as a child process would give, without starting one (a `deno` start costs
 * 0.1 s on a quiet machine and seconds on a busy one).
 *
 * Use it instead of `runOmn` (./_omn.ts) for everything but what only a real
 * process proves: the permission set, the exit code the process really
 * returns, signals, the terminal, stdin and stdout pipes, the bundle's
 * launch. The options are `runOmn`'s, so converting a test is a rename:
 *
 * ```ts
 * import { runInProcess } from "./_in_process.ts";
 * import { tempWorkspace } from "./_workspace.ts";
 *
 * await using workspace = await tempWorkspace();
 * await using fake = await startOpenAIChatFake({ apiKey: KEY });
 * const result = await runInProcess(["ask", "--provider", "openai", "--base-url", fake.baseURL, "hi"], {
 *   ...workspace,
 *   env: { OPENAI_API_KEY: KEY },
 * });
 * assert.equal(result.code, 0, result.stderr);
 * ```
 *
 * What differs from a child process, on purpose:
 * - the program sees exactly `OMNIMANCER_HOME`, `NO_COLOR=1` and `env` (as
 *   the child does), but runs with the test's permissions: a test of what the
 *   permission set refuses must stay a child process;
 * - the network goes through `fetch` (the default lets only loopback
 *   through, and refuses every other host the way the permission set does,
 *   with `NotCapable`), so tests may also pass a recording or failing fetch;
 * - `now` sets the clock (`new Date()` by default), and `clock` the clock
 *   and sleep of retries: `instantClock()` (tests/_support/instant_clock.ts)
 *   records each wait and moves time forward without waiting;
 * - nothing of a run stays behind: it starts with no secrets registered for redaction, as a new
 *   process does, and what it registered is forgotten when it ends (the
 *   suite runs many test files in one process: tests/_support/test_shard.ts).
 *
 * @module
 */
import { runCli } from "../../src/cli/run_cli.ts";
import type { Clock } from "../../src/core/clock.ts";
import type { Interrupts } from "../../src/core/interrupts.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { bytesStream } from "../_support/bytes_stream.ts";
import type { OmnResult, RunOmnOptions } from "./_omn.ts";

/** Options of {@linkcode runInProcess}: `runOmn`'s, plus what a process cannot take. */
export interface InProcessOptions extends RunOmnOptions {
  /** The fetch under omn's secure fetch; {@linkcode loopbackOnlyFetch} by default. */
  fetch?: typeof fetch;
  /** The clock; the real one by default. */
  now?: () => Date;
  /** The clock and sleep of retries (see `instantClock`, tests/_support/instant_clock.ts). */
  clock?: Clock;
  /** Ctrl-C and SIGTERM as the command sees them (`createInterrupts` with hooks the test fires); none by default. */
  interrupts?: Interrupts;
  /** Called with each piece of stdout as it is written (to act while the command runs). */
  onStdout?: (text: string) => void;
  /**
   * Whether stdout looks like a terminal (false by default), for the layout a
   * terminal gets; whether a real terminal is detected stays a `script` test.
   */
  stdoutIsTerminal?: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The global fetch for loopback hosts; for any other host, the error the
 * permission set gives (`NotCapable`), so no test reaches the network.
 */
export const loopbackOnlyFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    return Promise.reject(
      new Deno.errors.NotCapable(
        `Requires net access to "${url.host}", run again with the --allow-net flag`,
      ),
    );
  }
  return fetch(input, init);
};

/** Runs `omn args…` in this process and collects what it printed and returned. */
export async function runInProcess(
  args: string[],
  options: InProcessOptions,
): Promise<OmnResult> {
  const env: Record<string, string> = {
    OMNIMANCER_HOME: options.home,
    NO_COLOR: "1",
    ...options.env,
  };
  clearKnownSecrets();
  const decoder = new TextDecoder();
  const stdout: Uint8Array[] = [];
  let stderr = "";
  const watched = new TextDecoder();
  const code = await runCli(args, {
    streams: {
      stdin: bytesStream(options.stdin),
      stdout: new WritableStream({
        write(chunk) {
          stdout.push(chunk);
          options.onStdout?.(watched.decode(chunk, { stream: true }));
        },
      }),
      writeStderr: (bytes) => void (stderr += decoder.decode(bytes)),
      stdinIsTerminal: false,
      stdoutIsTerminal: options.stdoutIsTerminal ?? false,
      stderrIsTerminal: false,
    },
    env: (name) => env[name],
    cwd: options.cwd,
    now: options.now,
    fetch: options.fetch ?? loopbackOnlyFetch,
    clock: options.clock,
    interrupts: options.interrupts,
  }).finally(clearKnownSecrets);
  const text = new TextDecoder();
  return {
    code,
    stdout: stdout.map((chunk) => text.decode(chunk, { stream: true })).join("") + text.decode(),
    stderr,
  };
}

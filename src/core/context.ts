/**
 * What every command gets from the CLI: its streams and the process facts it
 * may read, injected so that tests can run commands with fakes.
 *
 * @module
 */
import type { Interrupts } from "./interrupts.ts";
import type { Io } from "./io.ts";
import type { Clock } from "./clock.ts";

/** The dependencies of a command run. */
export interface CliContext {
  /** Standard streams, redacted. */
  io: Io;
  /** Reads one environment variable by name. */
  env: (name: string) => string | undefined;
  /** The working directory (where `./.env` is looked up). */
  cwd: string;
  /** The clock. */
  now: () => Date;
  /**
   * The fetch under every network request a command makes (provider
   * requests, model lists, secret managers), beneath the secure fetch's
   * checks; the global fetch when absent. Tests pass one to reach the local
   * fakes in process.
   */
  fetch?: typeof fetch;
  /**
   * The clock and sleep of retries and their deadlines (`src/core/clock.ts`);
   * the real ones when absent. Tests pass one that does not wait.
   */
  clock?: Clock;
  /** Ctrl-C and SIGTERM, for commands that stop cleanly on them; absent in tests that need none. */
  interrupts?: Interrupts;
  /** The `--profile` flag, when given; read it through `selectedProfile` (`config_access.ts`). */
  profile?: string;
}

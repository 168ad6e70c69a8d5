/**
 * What every command gets from the CLI: its streams and the process facts it
 * may read, injected so that tests can run commands with fakes.
 *
 * @module
 */
import type { Io } from "./io.ts";

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
}

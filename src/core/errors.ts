/**
 * Error classes that callers catch, and the exit code each maps to.
 *
 * Commands throw these and never exit; `main.ts` maps them to exit codes:
 * 0 ok; 1 runtime or provider error; 2 usage error; 3 configuration,
 * credential or security refusal; 4 authentication rejected by a provider
 * (or an exhausted quota);
 * 5 rate limited or timed out after retries; 130 interrupted.
 *
 * @module
 */

/** The documented exit codes. */
export const ExitCode = {
  Ok: 0,
  Runtime: 1,
  Usage: 2,
  Refused: 3,
  AuthRejected: 4,
  RateLimited: 5,
  Interrupted: 130,
} as const;

/** One of the documented exit codes. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** Base class of every error omn reports on purpose; carries its exit code. */
export class OmnError extends Error {
  /** The exit code this error maps to. */
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad arguments or flags (exit 2). */
export class UsageError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** A configuration, credential or security refusal (exit 3). */
export class RefusalError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Refused, options);
  }
}

/** A provider rejected the credential (exit 4). */
export class AuthRejectedError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.AuthRejected, options);
  }
}

/** Rate limited or timed out after retries (exit 5). */
export class RateLimitError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.RateLimited, options);
  }
}

/** A provider or runtime failure (exit 1). */
export class ProviderError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Runtime, options);
  }
}

/** The user interrupted the run (exit 130). */
export class InterruptedError extends OmnError {
  constructor(message = "Interrupted", options?: ErrorOptions) {
    super(message, ExitCode.Interrupted, options);
  }
}

/** Maps any thrown value to its exit code: omn errors keep theirs, anything else is 1. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof OmnError ? error.exitCode : ExitCode.Runtime;
}

/** Ends the run with an exit code and no further message (the command already reported). */
export class SilentError extends OmnError {
  constructor(exitCode: ExitCodeValue) {
    super("", exitCode);
  }
}

/** A request timed out (exit 5, like rate limiting: both mean "try again later"). */
export class TimedOutError extends OmnError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.RateLimited, options);
  }
}

/**
 * `error` and the errors along its causes, at most `limit` of them: the
 * chain that messages, error types and "the same failure" are read from.
 */
export function errorChain(error: unknown, limit = 6): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < limit;) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

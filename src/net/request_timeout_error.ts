/**
 * The four timeouts of a request (connect, first byte, idle while streaming,
 * total) and the error each one ends a request with.
 *
 * @module
 */
import { TimedOutError } from "../core/errors.ts";
import { formatWait } from "./retry_delay.ts";

/** The four timeouts, by the name they are reported with. */
export type TimeoutKind = "connect" | "first-byte" | "idle" | "total";

/** The flag that raises each timeout. */
export const TIMEOUT_FLAGS: Readonly<Record<TimeoutKind, string>> = {
  connect: "--connect-timeout",
  "first-byte": "--first-byte-timeout",
  idle: "--idle-timeout",
  total: "--timeout",
};

/** A timeout that fired, with which one it was. */
export class RequestTimeoutError extends TimedOutError {
  /** Which timeout fired. */
  readonly kind: TimeoutKind;
  constructor(kind: TimeoutKind, provider: string, milliseconds: number) {
    const what = {
      connect: "waiting for the response to start",
      "first-byte": "waiting for the first byte of the reply",
      idle: `while streaming: no data for ${formatWait(milliseconds)}`,
      total: "for the whole request",
    }[kind];
    const limit = kind === "idle" ? "" : `, ${formatWait(milliseconds)}`;
    super(
      `${provider}: timed out ${what} (${kind} timeout${limit}; raise it with ${
        TIMEOUT_FLAGS[kind]
      })`,
    );
    this.kind = kind;
  }
}

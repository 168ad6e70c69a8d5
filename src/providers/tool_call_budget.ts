/**
 * A bound on the tool-call data of one reply of omn's own chat clients.
 * omn asks for no tools, but a server may stream tool-call deltas anyway,
 * and the AI SDK's tool-call tracker (and the compatible client's buffer of
 * arguments waiting for a name) keep every character of them: without a
 * bound, endless arguments would grow memory until a timeout.
 *
 * @module
 */

/** The most characters of tool-call data one reply may carry (1 MiB). */
export const MAX_TOOL_CALL_CHARACTERS = 1024 * 1024;

/** What each delta counts beyond its characters: about what a call costs the tracker (so that endless empty deltas or distinct calls count too). */
const DELTA_OVERHEAD = 64;

/** The error of a reply whose tool calls passed {@linkcode MAX_TOOL_CALL_CHARACTERS}. */
export class ToolCallsTooLargeError extends Error {
  constructor(limit: number) {
    super(
      `Cannot read the reply stream: its tool calls exceeded ${limit} characters ` +
        "(omn asks for no tools); the server did not send a normal chat reply",
    );
    this.name = "ToolCallsTooLargeError";
  }
}

/** One tool-call delta, as far as its size goes. */
interface SizedDelta {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

function lengthOf(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

/** Counts the tool-call data of one reply; throws once it passes the limit. */
export class ToolCallBudget {
  readonly #limit: number;
  #used = 0;

  constructor(limit = MAX_TOOL_CALL_CHARACTERS) {
    this.#limit = limit;
  }

  /** Counts one delta; throws {@linkcode ToolCallsTooLargeError} past the limit. */
  add(delta: SizedDelta): void {
    this.#used += DELTA_OVERHEAD + lengthOf(delta.id) + lengthOf(delta.function?.name) +
      lengthOf(delta.function?.arguments);
    if (this.#used > this.#limit) throw new ToolCallsTooLargeError(this.#limit);
  }
}

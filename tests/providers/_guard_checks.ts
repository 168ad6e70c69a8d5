/**
 * What the guard tests ask of `guardRequest`: what a one-message request
 * sends under a policy, and which 12 characters of a key it still holds.
 *
 * @module
 */
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

/** The message `content` is sent as under `policy`; `undefined` when the request is refused. */
export function sent(content: string, policy: "block" | "redact"): string | undefined {
  try {
    return guardRequest({ messages: [{ role: "user", content }] }, "model", policy).request
      .messages[0].content;
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return undefined;
  }
}

/** The first run of 12 characters of `key` that one of `texts` holds, if any. */
export function sentRun(key: string, ...texts: string[]): string | undefined {
  for (let from = 0; from + 12 <= key.length; from++) {
    const run = key.slice(from, from + 12);
    if (texts.some((text) => text.includes(run))) return run;
  }
  return undefined;
}

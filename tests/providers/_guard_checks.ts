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

/**
 * Which cuts of a key a test asks under `block` too, where it asks `redact`
 * at every cut and checks with {@linkcode sentRun} that no 12 characters of
 * the key are sent: `guardRequest` finds the secrets before it reads the
 * policy, and `block` refuses whatever was found, while a text in which
 * nothing was found `redact` sends as it is. So where a piece of the key is
 * 12 characters or longer, `redact` passing means the key was found, and
 * `block` is asked at every fourth such cut (the phase moving over the
 * test's cases) for its own branch; a cut whose pieces are all shorter is
 * always asked under `block` too.
 *
 * @returns A function that, given the pieces of one cut (of the text that
 * `sentRun` searches for), says whether to ask `block` too.
 */
export function blockSampler(): (pieces: readonly string[]) => boolean {
  let cuts = 0;
  return (pieces) => pieces.every((piece) => piece.length < 12) || cuts++ % 4 === 0;
}

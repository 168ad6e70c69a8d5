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
 * at every cut: `guardRequest` finds the secrets before it reads the
 * policy, and `block` refuses whatever was found, while a text in which
 * nothing was found `redact` sends as it is. So `redact` refusing means the
 * key was found, and so does `redact` sending no 12 characters of it
 * ({@linkcode sentRun}) where a piece of the key is 12 characters or
 * longer: `block` is asked at every fourth cut (the phase moving over the
 * test's cases) for its own branch, and at every cut whose `pieces` are all
 * shorter than 12 when the test checks what `redact` sends.
 *
 * @returns A function that, given the pieces of one cut (of the text that
 * `sentRun` searches for; none where the test requires `redact` to refuse),
 * says whether to ask `block` too.
 */
export function blockSampler(): (pieces?: readonly string[]) => boolean {
  let cuts = 0;
  return (pieces) =>
    (pieces !== undefined && pieces.every((piece) => piece.length < 12)) || cuts++ % 4 === 0;
}

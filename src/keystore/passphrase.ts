/**
 * The passphrase that the stored keys are encrypted under: from
 * `OMNIMANCER_PASSPHRASE`, else from a hidden prompt on a terminal, asked
 * at most once per run. It is registered with the redaction module the
 * moment it is read, and never derived from anything else (no host name,
 * no user name, no constant): without it there is nothing to decrypt with.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { RefusalError } from "../core/errors.ts";
import { readHiddenLine } from "../core/read_secret_input.ts";
import { registerSecret } from "../security/redact.ts";
import { PASSPHRASE_ENV } from "./passphrase_env.ts";

export { PASSPHRASE_ENV };

/** Fewest characters of a new passphrase. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** No passphrase could be had: no variable, and no terminal to ask (exit 3). */
export class PassphraseUnavailableError extends RefusalError {}

/** The passphrase of each run, once read. */
const passphrases = new WeakMap<CliContext, Promise<string>>();

/** Options of {@linkcode readPassphrase}. */
export interface ReadPassphraseOptions {
  /** Why it is needed, for the refusal when it cannot be had (`the stored openai key is encrypted`). */
  reason: string;
  /** Whether a terminal may be asked (default true); when false, only the variable or an earlier answer. */
  prompt?: boolean;
}

/**
 * The passphrase of the stored keys: {@linkcode PASSPHRASE_ENV}, else the
 * answer already given in this run, else a hidden prompt on a terminal.
 *
 * @throws {PassphraseUnavailableError} (exit 3) when there is no variable
 * and no terminal to ask, or asking is not allowed.
 */
export function readPassphrase(
  context: CliContext,
  options: ReadPassphraseOptions,
): Promise<string> {
  const known = passphrases.get(context);
  if (known !== undefined) return known;
  const fromEnv = context.env(PASSPHRASE_ENV);
  if (fromEnv) return remember(context, Promise.resolve(fromEnv));
  if (!context.io.stdinIsTerminal) {
    return Promise.reject(
      new PassphraseUnavailableError(
        `${options.reason}: set ${PASSPHRASE_ENV}, or run omn on a terminal to be asked for the passphrase`,
      ),
    );
  }
  if (options.prompt === false) {
    return Promise.reject(
      new PassphraseUnavailableError(
        `${options.reason}: set ${PASSPHRASE_ENV} before starting, or start with a provider whose key is encrypted to be asked for the passphrase`,
      ),
    );
  }
  return remember(context, readHiddenLine(context.io, "Passphrase of the stored keys:"));
}

/**
 * A passphrase to encrypt under for the first time: {@linkcode PASSPHRASE_ENV},
 * else typed twice at a hidden prompt. At least {@linkcode MIN_PASSPHRASE_LENGTH}
 * characters.
 *
 * @throws {RefusalError} (exit 3) when it is too short, the two answers
 * differ, or there is no variable and no terminal.
 */
export function readNewPassphrase(context: CliContext): Promise<string> {
  const known = passphrases.get(context);
  if (known !== undefined) return known;
  return remember(context, askNew(context));
}

async function askNew(context: CliContext): Promise<string> {
  const fromEnv = context.env(PASSPHRASE_ENV);
  if (fromEnv) {
    registerSecret(fromEnv, PASSPHRASE_ENV);
    checkLength(fromEnv, PASSPHRASE_ENV);
    return fromEnv;
  }
  if (!context.io.stdinIsTerminal) {
    throw new PassphraseUnavailableError(
      `Encrypting keys needs a passphrase: set ${PASSPHRASE_ENV}, or run omn on a terminal to choose one`,
    );
  }
  const first = await readHiddenLine(
    context.io,
    `New passphrase for the stored keys (at least ${MIN_PASSPHRASE_LENGTH} characters):`,
  );
  registerSecret(first, PASSPHRASE_ENV);
  checkLength(first, "The passphrase");
  const second = await readHiddenLine(context.io, "Repeat the passphrase:");
  if (second !== first) throw new RefusalError("The two passphrases differ: nothing was changed");
  return first;
}

function checkLength(passphrase: string, what: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new RefusalError(
      `${what} is shorter than ${MIN_PASSPHRASE_LENGTH} characters: choose a longer passphrase; nothing was changed`,
    );
  }
}

function remember(context: CliContext, passphrase: Promise<string>): Promise<string> {
  const registered = passphrase.then((value) => {
    registerSecret(value, PASSPHRASE_ENV);
    return value;
  });
  passphrases.set(context, registered);
  return registered;
}

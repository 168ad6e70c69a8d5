/**
 * The name of the passphrase's variable, apart from the passphrase's reader
 * (`passphrase.ts`), so that what only names it (the redaction of the
 * environment's secrets, on every start) loads no terminal input code.
 *
 * @module
 */

/** The environment variable that holds the passphrase (CI, scripts). */
export const PASSPHRASE_ENV = "OMNIMANCER_PASSPHRASE";

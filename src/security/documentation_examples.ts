/**
 * Credentials published in providers' documentation as examples
 * (`AKIAIOSFODNN7EXAMPLE`): `omn scan` reports them as examples, not as leaks.
 *
 * @module
 */

/** Example values from providers' documentation, exactly as published. */
export const DOCUMENTATION_EXAMPLES: ReadonlySet<string> = new Set([
  // AWS (IAM user guide, CLI guide)
  "AKIAIOSFODNN7EXAMPLE",
  "AKIAI44QH8DHBEXAMPLE",
  "ASIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  // jwt.io's example token
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
]);

/**
 * AWS access key ids of the documentation's form (20 characters ending in
 * `EXAMPLE`), which the redaction patterns leave alone and `scan` reports as
 * examples. Global and sticky-free; reset `lastIndex` before use.
 */
export const AWS_EXAMPLE_ID: RegExp =
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{9}EXAMPLE(?![A-Za-z0-9])/g;

/** The most characters an {@linkcode AWS_EXAMPLE_ID} match reads, its boundaries included. */
export const AWS_EXAMPLE_REACH = 22;

/**
 * Whether `secret` is a published documentation example: one of
 * {@linkcode DOCUMENTATION_EXAMPLES}, or an AWS id or secret key of the
 * documentation's `…EXAMPLE` / `…EXAMPLEKEY` form.
 *
 * @example
 * ```ts
 * import { isDocumentationExample } from "./documentation_examples.ts";
 * isDocumentationExample("AKIAIOSFODNN7EXAMPLE"); // true
 * ```
 */
export function isDocumentationExample(secret: string): boolean {
  if (DOCUMENTATION_EXAMPLES.has(secret)) return true;
  if (/^(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{9}EXAMPLE$/.test(secret)) return true;
  return /^[A-Za-z0-9+/]{30}EXAMPLEKEY$/.test(secret);
}

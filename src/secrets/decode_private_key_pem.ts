/**
 * Decodes the PEM text of a service account's `private_key` without ever
 * quoting it: the armour lines, then a body that must be strict base64. Used
 * when a key is imported or loaded (`key_formats.ts`, so `omn keys set
 * vertex`, `OMNIMANCER_VERTEX_SERVICE_ACCOUNT` and the config file all refuse
 * a broken key with exit 3) and when the key is used to sign
 * (`google_access_token.ts`). The bytes must be what the signer imports, a
 * whole PKCS#8 RSA key (`pkcs8_rsa_problem.ts`): base64 of a cut or garbled
 * key is refused here, on import, not at first use.
 *
 * @module
 */

/** The decoded key (DER bytes), or what is wrong with the PEM text. */
export type PrivateKeyPemResult =
  | { ok: true; der: Uint8Array<ArrayBuffer> }
  | { ok: false; problem: string };

import { pkcs8RsaProblem } from "./pkcs8_rsa_problem.ts";

const ARMOUR =
  /^\s*-----BEGIN ((?:RSA )?PRIVATE KEY)-----\r?\n([\s\S]*?)-----END ((?:RSA )?PRIVATE KEY)-----\s*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a PEM private key (`-----BEGIN PRIVATE KEY-----`, or the PKCS#1
 * `RSA PRIVATE KEY` armour) into its DER bytes. Problems are described
 * without quoting any of the text.
 *
 * @example
 * ```ts
 * import { decodePrivateKeyPem } from "./decode_private_key_pem.ts";
 * decodePrivateKeyPem("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
 * // { ok: false, problem: "its body is not valid base64" }
 * ```
 */
export function decodePrivateKeyPem(pem: string): PrivateKeyPemResult {
  const match = ARMOUR.exec(pem);
  if (match === null) {
    return {
      ok: false,
      problem: 'it is not PEM text between "-----BEGIN PRIVATE KEY-----" and ' +
        '"-----END PRIVATE KEY-----" lines',
    };
  }
  if (match[1] !== match[3]) {
    return { ok: false, problem: "its BEGIN and END lines do not match" };
  }
  const body = match[2].replace(/[ \t\r\n]+/g, "");
  if (body === "") return { ok: false, problem: "its body is empty" };
  if (!BASE64.test(body)) return { ok: false, problem: "its body is not valid base64" };
  const der = Uint8Array.fromBase64(body);
  if (match[1] === "RSA PRIVATE KEY") {
    return {
      ok: false,
      problem: "it is a PKCS#1 key (RSA PRIVATE KEY), not the PKCS#8 key (PRIVATE KEY) " +
        "Google Cloud issues",
    };
  }
  const problem = pkcs8RsaProblem(der);
  return problem === undefined ? { ok: true, der } : { ok: false, problem };
}

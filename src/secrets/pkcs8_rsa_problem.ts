/**
 * Checks that DER bytes are a whole PKCS#8 RSA private key, the only form
 * the Vertex signer imports (`crypto.subtle.importKey("pkcs8", …)` with
 * RSASSA-PKCS1-v1_5): a `PrivateKeyInfo` (RFC 5208) whose algorithm is
 * `rsaEncryption` and whose key is an `RSAPrivateKey` (RFC 8017) of nine
 * integers, every length exact and nothing left over. Synchronous, so the
 * import check (`key_formats.ts`) can refuse a cut or garbled key before it
 * is stored. Problems never quote the bytes.
 *
 * @module
 */

/** The DER of the OID 1.2.840.113549.1.1.1 (rsaEncryption), without tag and length. */
const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/** The least modulus omn accepts, in bits (Google issues 2048-bit keys). */
const MIN_MODULUS_BITS = 1024;

interface Element {
  tag: number;
  start: number;
  end: number;
}

/** Reads the element at `offset` of `bytes` (within `limit`), or `undefined` if its length is bad. */
function readElement(bytes: Uint8Array, offset: number, limit: number): Element | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[start + index];
    start += count;
    if (length < 0x80) return undefined;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

/** The elements that fill `[start, end)` exactly, or `undefined`. */
function readSequence(bytes: Uint8Array, start: number, end: number): Element[] | undefined {
  const elements: Element[] = [];
  let offset = start;
  while (offset < end) {
    const element = readElement(bytes, offset, end);
    if (element === undefined) return undefined;
    elements.push(element);
    offset = element.end;
  }
  return elements;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OBJECT_IDENTIFIER = 0x06;
const NULL = 0x05;

/**
 * What is wrong with `der` as a PKCS#8 RSA private key, or `undefined` when
 * it is one.
 *
 * @example
 * ```ts
 * import { pkcs8RsaProblem } from "./pkcs8_rsa_problem.ts";
 * pkcs8RsaProblem(new Uint8Array([1, 2, 3]));
 * // "it is not a PKCS#8 private key (the key is cut short or damaged)"
 * ```
 */
export function pkcs8RsaProblem(der: Uint8Array): string | undefined {
  const damaged = "it is not a PKCS#8 private key (the key is cut short or damaged)";
  const outer = readElement(der, 0, der.length);
  if (outer === undefined || outer.tag !== SEQUENCE || outer.end !== der.length) return damaged;
  const info = readSequence(der, outer.start, outer.end);
  if (info === undefined || info.length < 3) return damaged;
  const [version, algorithm, key] = info;
  if (version.tag !== INTEGER || version.end - version.start !== 1) return damaged;
  if (der[version.start] > 1) return damaged;
  if (algorithm.tag !== SEQUENCE || key.tag !== OCTET_STRING) return damaged;
  const identifier = readSequence(der, algorithm.start, algorithm.end);
  if (identifier === undefined || identifier.length < 1) return damaged;
  const [oid, parameters] = identifier;
  const isRsa = oid.tag === OBJECT_IDENTIFIER &&
    oid.end - oid.start === RSA_ENCRYPTION.length &&
    RSA_ENCRYPTION.every((byte, index) => der[oid.start + index] === byte) &&
    (parameters === undefined || (parameters.tag === NULL && parameters.end === parameters.start));
  if (!isRsa) return "it is a PKCS#8 key, but not an RSA key";
  const rsa = readElement(der, key.start, key.end);
  if (rsa === undefined || rsa.tag !== SEQUENCE || rsa.end !== key.end) return damaged;
  const integers = readSequence(der, rsa.start, rsa.end);
  if (
    integers === undefined || integers.length < 9 ||
    integers.some((integer) => integer.tag !== INTEGER || integer.end === integer.start)
  ) {
    return damaged;
  }
  const modulus = integers[1];
  const leadingZero = der[modulus.start] === 0 ? 1 : 0;
  if ((modulus.end - modulus.start - leadingZero) * 8 < MIN_MODULUS_BITS) {
    return `its RSA modulus is shorter than ${MIN_MODULUS_BITS} bits`;
  }
  return undefined;
}

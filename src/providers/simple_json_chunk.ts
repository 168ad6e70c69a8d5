/**
 * The fast reading shared by omn's chat-completions clients
 * (`openai_chat_chunk.ts`, `compatible_chat_chunk.ts`): `JSON.parse` and a
 * few type checks for the common chunk, `undefined` for anything else, which
 * the exact (the SDK's own) reading then decides.
 *
 * @module
 */

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` is undefined or null. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Whether `value` is absent or a string. */
export function isOptionalString(value: unknown): boolean {
  return isAbsent(value) || typeof value === "string";
}

/** Whether `value` is absent or a finite number. */
export function isOptionalNumber(value: unknown): boolean {
  return isAbsent(value) || (typeof value === "number" && Number.isFinite(value));
}

/** Whether `value` is absent, or an object whose `keys` are each absent or a finite number. */
export function hasOptionalNumbers(value: unknown, keys: readonly string[]): boolean {
  if (isAbsent(value)) return true;
  return isRecord(value) && keys.every((key) => isOptionalNumber(value[key]));
}

/**
 * Text the SDK's secure parse looks at more closely (a `__proto__` or
 * `constructor` key, possibly escaped), or escapes that could spell one.
 */
const SUSPECT_KEY = /__proto__|constructor|\\u00/;

/**
 * An event's data parsed, when it holds no key the SDK's secure parse
 * would look at, is JSON, and `accepts` it; else `undefined`.
 */
export function readSimpleJson<T>(
  data: string,
  accepts: (value: unknown) => value is T,
): T | undefined {
  if (SUSPECT_KEY.test(data)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  return accepts(value) ? value : undefined;
}

/**
 * `JSON.parse` that refuses an object with a `__proto__` key, or a
 * `constructor` key holding a `prototype` (prototype pollution), as the AI
 * SDK's `secureJsonParse` does; omn's own OpenAI client reads error bodies
 * with it so that it reads them as the SDK does.
 *
 * @module
 */

const SUSPECT_PROTO =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const SUSPECT_CONSTRUCTOR =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

const own = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

function assertNoPrototypeKeys(root: object): void {
  let next: object[] = [root];
  while (next.length > 0) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      const constructor = (node as { constructor?: unknown }).constructor;
      if (
        own(node, "__proto__") ||
        (own(node, "constructor") && constructor !== null && typeof constructor === "object" &&
          own(constructor, "prototype"))
      ) {
        throw new SyntaxError("Object contains forbidden prototype property");
      }
      for (const key in node) {
        const value = (node as Record<string, unknown>)[key];
        if (value && typeof value === "object") next.push(value);
      }
    }
  }
}

/** Parses JSON text; throws a `SyntaxError` as `JSON.parse` does, and on a prototype key. */
export function secureJsonParse(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object") return value;
  if (!SUSPECT_PROTO.test(text) && !SUSPECT_CONSTRUCTOR.test(text)) return value;
  assertNoPrototypeKeys(value);
  return value;
}

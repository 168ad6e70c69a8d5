/**
 * The strings of a JSON schema (`--schema`) as the outgoing guard reads
 * them: every property name and every string value, at any depth, in
 * objects and arrays, decoded (real characters, not the escapes of the
 * schema's JSON text), and the schema rebuilt with each of them changed.
 *
 * @module
 */

/** Every distinct string of `value`: property names and string values, at any depth. */
export function schemaStrings(value: unknown): string[] {
  const strings = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === "string") {
      strings.add(item);
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (typeof item === "object" && item !== null) {
      for (const [name, child] of Object.entries(item)) {
        strings.add(name);
        visit(child);
      }
    }
  };
  visit(value);
  return [...strings];
}

/**
 * `schema` with every property name and string value replaced by
 * `change(string)`, at any depth; `undefined` when two property names of
 * one object would become the same name (a property would be lost).
 */
export function withSchemaStrings(
  schema: Record<string, unknown>,
  change: (text: string) => string,
): Record<string, unknown> | undefined {
  let collided = false;
  const rebuild = (item: unknown): unknown => {
    if (typeof item === "string") return change(item);
    if (Array.isArray(item)) return item.map(rebuild);
    if (typeof item !== "object" || item === null) return item;
    const rebuilt: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(item)) {
      const changed = change(name);
      if (Object.hasOwn(rebuilt, changed)) collided = true;
      // Defined, not assigned: a property named `__proto__` stays a property.
      Object.defineProperty(rebuilt, changed, {
        value: rebuild(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return rebuilt;
  };
  const rebuilt = rebuild(schema) as Record<string, unknown>;
  return collided ? undefined : rebuilt;
}

/** How many properties and array items `value` holds, at any depth. */
export function schemaSize(value: unknown): number {
  if (Array.isArray(value)) {
    return value.reduce((size: number, item) => size + 1 + schemaSize(item), 0);
  }
  if (typeof value !== "object" || value === null) return 0;
  return Object.values(value).reduce((size: number, child) => size + 1 + schemaSize(child), 0);
}

/**
 * The strings of `value` in document order, twice: every property name and
 * string value, then the string values alone (property names skipped). Two
 * strings next to each other in one of them are adjacent: two items of an
 * array, a property name and its string value, the string values of two
 * consecutive properties.
 */
export function schemaStringSequences(value: unknown): [string[], string[]] {
  const all: string[] = [];
  const values: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === "string") {
      all.push(item);
      values.push(item);
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (typeof item === "object" && item !== null) {
      for (const [name, child] of Object.entries(item)) {
        all.push(name);
        visit(child);
      }
    }
  };
  visit(value);
  return [all, values];
}

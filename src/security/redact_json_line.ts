/**
 * One JSON line with every secret masked, for the files omn appends to (the
 * usage ledger, the audit log, the structured log, diagnostic reports).
 *
 * @module
 */
import { redact } from "./redact.ts";

/**
 * A copy of `value` with every string in it (keys and values, at any depth)
 * passed through {@linkcode redact}.
 *
 * @example
 * ```ts
 * import { redactValue } from "./redact_json_line.ts";
 * redactValue({ header: "Authorization: Bearer abc.def" });
 * // { header: "Authorization: Bearer ***" }
 * ```
 */
export function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === "object" && value !== null) {
    if (value instanceof Date) return value.toISOString();
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [redact(key), redactValue(child)]),
    );
  }
  return value;
}

/**
 * `value` as one line of JSON (no line break), redacted twice: every string
 * first ({@linkcode redactValue}), then the serialised line as a whole, which
 * catches a known secret in its JSON-escaped form. Should the second pass
 * change the line in a way that no longer parses, the record is replaced by
 * a placeholder rather than written with a secret or torn.
 *
 * @example
 * ```ts
 * import { redactJsonLine } from "./redact_json_line.ts";
 * redactJsonLine({ event: "key.set", note: "sk-ant-api03-..." }); // '{"event":"key.set","note":"sk-ant-***"}'
 * ```
 */
export function redactJsonLine(value: unknown): string {
  const line = JSON.stringify(redactValue(value));
  const again = redact(line);
  if (again === line) return line;
  try {
    JSON.parse(again);
    return again;
  } catch {
    const kept = typeof value === "object" && value !== null
      ? redactValue(pick(value as Record<string, unknown>, ["time", "event", "level"]))
      : {};
    return JSON.stringify({
      ...(kept as Record<string, unknown>),
      redaction: "record withheld: it held a secret that could not be masked in place",
    });
  }
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.filter((key) => typeof record[key] === "string").map((key) => [key, record[key]]),
  );
}

/**
 * Which audit lines retention keeps. Pure.
 *
 * @module
 */
import type { AuditSettings } from "./audit_settings.ts";

const DAY = 86_400_000;

function timeOf(line: string): number | undefined {
  try {
    const time = Date.parse(JSON.parse(line)?.time);
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * The lines of the audit log that retention keeps, in their order:
 *
 * 1. age: a record older than `maxAgeDays` before `now` goes; a line that
 *    cannot be read is as old as the record before it (and goes when it
 *    comes first);
 * 2. size: while the lines kept (each with its line break) exceed
 *    `maxBytes`, the oldest go first; the newest record is always kept.
 *
 * Every record newer than both limits is kept.
 *
 * @example
 * ```ts
 * import { pruneAuditLines } from "./prune_audit_lines.ts";
 * pruneAuditLines(
 *   ['{"time":"2020-01-01T00:00:00Z"}', '{"time":"2026-01-01T00:00:00Z"}'],
 *   { maxAgeDays: 30, maxBytes: 1_000_000 },
 *   new Date("2026-01-02T00:00:00Z"),
 * ); // ['{"time":"2026-01-01T00:00:00Z"}']
 * ```
 */
export function pruneAuditLines(
  lines: readonly string[],
  limits: Pick<AuditSettings, "maxAgeDays" | "maxBytes">,
  now: Date,
): string[] {
  const cutoff = now.getTime() - limits.maxAgeDays * DAY;
  const fresh: string[] = [];
  let previous = -Infinity;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const time = timeOf(line) ?? previous;
    previous = time;
    if (time >= cutoff) fresh.push(line);
  }
  const encoder = new TextEncoder();
  let bytes = 0;
  let first = fresh.length;
  while (first > 0) {
    const size = encoder.encode(fresh[first - 1]).length + 1;
    if (bytes + size > limits.maxBytes && first < fresh.length) break;
    bytes += size;
    first--;
  }
  return fresh.slice(first);
}

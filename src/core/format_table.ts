/**
 * Plain-text tables for command output: columns padded with spaces,
 * numbers aligned right.
 *
 * @module
 */

/** Options of {@linkcode formatTable}. */
export interface FormatTableOptions {
  /** Indexes of the columns to align right (numbers). */
  right?: readonly number[];
}

/**
 * `rows` (the first one being the header, if any) as lines of padded
 * columns separated by two spaces, each line ending in a line break;
 * trailing spaces are trimmed.
 *
 * @example
 * ```ts
 * import { formatTable } from "./format_table.ts";
 * formatTable([["name", "count"], ["mock", "3"]], { right: [1] });
 * // "name  count\nmock      3\n"
 * ```
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: FormatTableOptions = {},
): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => widths[index] = Math.max(widths[index] ?? 0, cell.length));
  }
  const right = new Set(options.right ?? []);
  return rows.map((row) =>
    row.map((cell, index) =>
      right.has(index) ? cell.padStart(widths[index]) : cell.padEnd(widths[index])
    ).join("  ").trimEnd() + "\n"
  ).join("");
}

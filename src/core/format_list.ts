/**
 * The one plain-text shape of every listing command (`keys list`, `models`,
 * `providers`, `history list`, `usage`, `profiles`, `templates list`, `config backups`,
 * `batch --list`): an
 * aligned table with a header on a terminal, tab-separated rows without a
 * header when piped.
 *
 * @module
 */
import { formatTable } from "./format_table.ts";

/** A listing: its column names and its rows (cells as text). */
export interface Listing {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Indexes of the columns to align right on a terminal (numbers). */
  right?: readonly number[];
}

/**
 * `listing` for a terminal (`terminal`: a header and padded columns) or for
 * a pipe (tab-separated rows, no header); tabs and line breaks inside a cell
 * become spaces; the empty string when there is no row.
 *
 * @example
 * ```ts
 * import { formatList } from "./format_list.ts";
 * formatList({ header: ["job", "results"], rows: [["nightly", "12"]] }, { terminal: false });
 * // "nightly\t12\n"
 * ```
 */
export function formatList(listing: Listing, options: { terminal: boolean }): string {
  if (listing.rows.length === 0) return "";
  const rows = listing.rows.map((row) => row.map((cell) => cell.replace(/[\t\r\n]+/g, " ")));
  if (options.terminal) return formatTable([listing.header, ...rows], { right: listing.right });
  return rows.map((row) => row.join("\t") + "\n").join("");
}

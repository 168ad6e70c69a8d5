/**
 * The records of a JSON-lines file omn keeps (`usage.jsonl`, `spend.jsonl`),
 * read plainly for assertions.
 *
 * @module
 */

/** Each line of the file at `path` parsed; none when the file does not exist. */
export async function jsonLinesFile(path: string): Promise<Record<string, unknown>[]> {
  try {
    const text = await Deno.readTextFile(path);
    return text.trim().split("\n").map((line) => JSON.parse(line));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/** Pretty JSON with a final newline, as the `profiles` verbs print it. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * Whether omn may colour its messages.
 *
 * @module
 */

/**
 * Colour only on a terminal, never with `NO_COLOR` set (to anything but the
 * empty string) nor on a terminal that declares it has no capabilities
 * (`TERM=dumb`, as editors' shells and CI logs set it).
 *
 * @example
 * ```ts
 * import { colorAllowed } from "./color_allowed.ts";
 * colorAllowed((name) => name === "TERM" ? "dumb" : undefined, true); // false
 * ```
 */
export function colorAllowed(
  env: (name: string) => string | undefined,
  isTerminal: boolean,
): boolean {
  const noColor = env("NO_COLOR") !== undefined && env("NO_COLOR") !== "";
  return isTerminal && !noColor && env("TERM") !== "dumb";
}

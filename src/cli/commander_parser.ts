/**
 * Commander's form of a flag value parser: a refusal becomes commander's
 * usage error (exit 2, `option '--x <v>' argument 'y' is invalid. <why>`).
 *
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";

/** `parse` as a commander option parser: whatever it throws is reported as an invalid value. */
export function commanderParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

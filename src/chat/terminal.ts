/**
 * The terminal under an interactive `omn chat`: raw mode for standard input
 * and direct drawing on stderr, injected so that the session can be tested
 * without one.
 *
 * @module
 */

/** What the interactive chat needs of the terminal. */
export interface Terminal {
  /**
   * Raw mode on standard input: keys arrive one by one, unechoed, and
   * Ctrl-C arrives as a key instead of a signal.
   */
  setRaw(raw: boolean): void;
  /** Draws on stderr as it is; the caller redacts what it draws. */
  write(text: string): void;
  /** The terminal's width in columns. */
  columns(): number;
}

/** The process's terminal (stdin in raw mode, stderr to draw on). */
export function processTerminal(): Terminal {
  const encoder = new TextEncoder();
  return {
    setRaw: (raw) => Deno.stdin.setRaw(raw),
    write(text) {
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    },
    columns() {
      try {
        return Deno.consoleSize().columns || 80;
      } catch {
        return 80;
      }
    },
  };
}

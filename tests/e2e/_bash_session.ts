/**
 * One bash process that runs many command lines in turn, each as bash would
 * run it alone (`bash -o pipefail -c LINE`): in its own subshell, so that
 * nothing one line sets or changes (variables, options, the directory)
 * reaches the next, with `pipefail` on and standard input from `/dev/null`.
 * A test that runs a hundred shell lines starts one bash instead of a hundred.
 *
 * Each line reaches bash as a quoted string and runs through `eval` in the
 * subshell: a line that bash cannot parse fails (exit 2) like any other,
 * without ending the session.
 *
 * @example
 * ```ts
 * await using bash = startBashSession({ cwd, env });
 * const result = await bash.run("git diff | wc -l");
 * assert.equal(result.code, 0, result.stderr);
 * ```
 *
 * @module
 */

/** What one line did. */
export interface BashLineResult {
  /** Its exit status. */
  code: number;
  /** What it wrote on standard output. */
  stdout: string;
  /** What it wrote on standard error. */
  stderr: string;
}

/** A running session, closed (bash ended) by `await using`. */
export interface BashSession {
  /** Runs `line` in a subshell of the session and waits for its end. */
  run(line: string): Promise<BashLineResult>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@linkcode startBashSession}. */
export interface BashSessionOptions {
  /** The working directory of every line. */
  cwd: string;
  /** The whole environment (bash starts with this one only). */
  env: Record<string, string>;
  /** A directory where the session keeps each line's output (one pair of files, reused). */
  scratch: string;
  /** Bash run once at the start, in the session itself (function definitions). */
  prelude?: string;
}

/** `text` as one single-quoted bash word. */
export function bashQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Starts bash reading lines from the test; {@linkcode BashSession.run} runs one at a time. */
export function startBashSession(options: BashSessionOptions): BashSession {
  const child = new Deno.Command("bash", {
    args: ["--norc", "--noprofile", "-s"],
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const encoder = new TextEncoder();
  const marker = `--bash-session-${crypto.randomUUID()}--`;
  const stdoutFile = `${options.scratch}/bash-session.stdout`;
  const stderrFile = `${options.scratch}/bash-session.stderr`;
  let buffered = "";
  let queue: Promise<unknown> = Promise.resolve();
  if (options.prelude) void writer.write(encoder.encode(`${options.prelude}\n`));

  /** Reads bash's own stdout up to the marker line; returns the exit status written there. */
  const nextStatus = async (): Promise<number> => {
    while (true) {
      const at = buffered.indexOf(`${marker} `);
      const end = at < 0 ? -1 : buffered.indexOf("\n", at);
      if (end >= 0) {
        const status = Number(buffered.slice(at + marker.length + 1, end));
        buffered = buffered.slice(end + 1);
        return status;
      }
      const next = await lines.read();
      if (next.done) throw new Error(`Cannot run the line: the bash session ended`);
      buffered += next.value;
    }
  };

  const runLine = async (line: string): Promise<BashLineResult> => {
    const command = `( set -o pipefail; eval ${bashQuote(line)} ) < /dev/null > ${
      bashQuote(stdoutFile)
    } 2> ${bashQuote(stderrFile)}; printf '%s %d\\n' ${bashQuote(marker)} "$?"\n`;
    await writer.write(encoder.encode(command));
    const code = await nextStatus();
    const [stdout, stderr] = await Promise.all([
      Deno.readTextFile(stdoutFile),
      Deno.readTextFile(stderrFile),
    ]);
    return { code, stdout, stderr };
  };

  return {
    run(line) {
      const result = queue.then(() => runLine(line));
      queue = result.catch(() => {});
      return result;
    },
    async [Symbol.asyncDispose]() {
      await queue;
      await writer.close().catch(() => {});
      await lines.cancel().catch(() => {});
      await child.status;
    },
  };
}

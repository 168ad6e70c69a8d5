/**
 * An `omn` for shell commands run by a test (README recipes, the examples of
 * `--help`) that answers in the test process: a small bash function hands its
 * arguments, environment, working directory and standard input to a loopback
 * server of the test, which runs them with the function the test gives
 * (`runInProcess`, or `runOmn` for what needs the real process), and the
 * function prints the result and returns its code. Pipes, redirections and
 * `$(…)` stay real bash; only the `deno` starts go.
 *
 * The function uses bash builtins only (`printf`, `${!X*}` and `${!name@a}`
 * for the exported variables, so bash 4.4 or later; a `/dev/tcp` connection
 * to the server; `read -d ''` to copy standard input and large output, NUL
 * bytes and all): a call costs no process start of its own, where the first
 * version of this shim started eight (`sh`, `mktemp`, `env`, `curl`, `cat`
 * three times, `rm`). Bash reads a pipe a byte per system call: fine for the
 * small inputs of examples and recipes; a test that pipes megabytes into omn
 * runs it without the shim.
 * A shell session (`./_bash_session.ts`) defines it with `shim.define`;
 * `shim.bin` also holds an `omn` script with the same body, for what looks
 * `omn` up on `PATH` itself (`xargs … omn`, another shell).
 *
 * @example
 * ```ts
 * await using shim = await startOmnShim(workspace.root, (args, call) =>
 *   runInProcess(args, { ...workspace, ...call }));
 * // PATH: `${shim.bin}:…`, then: bash -c 'git diff | omn scan'
 * ```
 *
 * @module
 */
import type { OmnResult } from "./_omn.ts";

/** What one call of the shim carries besides its arguments. */
export interface ShimCall {
  /** The caller's whole environment (its exported variables). */
  env: Record<string, string>;
  /** The caller's working directory. */
  cwd: string;
  /** The caller's standard input, read to its end, as bytes (a piped image stays whole). */
  stdin: string | Uint8Array;
}

/** A running shim, closed by `await using`. */
export interface OmnShim {
  /** The directory holding the `omn` script (put it first on `PATH`). */
  bin: string;
  /** Bash that defines the `omn` function (for a shell session, before its commands). */
  define: string;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Output larger than this goes through a file that `cat` prints (bash's `read` takes a byte per system call). */
const INLINE_OUTPUT_LIMIT = 4096;

/** The `${!X*}` expansions that list every variable name (bash has no builtin list of exported ones). */
const ALL_NAMES = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"]
  .map((letter) => `\${!${letter}*}`).join(" ");

/**
 * Bash that copies its standard input to its standard output byte for byte
 * without starting `cat` (a process start costs more than a whole call):
 * each NUL-ended part, the NUL put back, then the rest after the last NUL;
 * read in the C locale, where `read` takes every byte as it is (in a UTF-8
 * locale it drops a \x01 after some incomplete sequences).
 */
const COPY = `{ while LC_ALL=C IFS= read -r -d '' part; do printf '%s\\0' "$part"; done; ` +
  `printf '%s' "$part"; }`;

/**
 * The body of the `omn` function and script. It sends the server, as
 * NUL-terminated fields: the working directory, the call's path (a prefix of
 * its files), whether standard input is in `CALL.stdin` (`1`) or is
 * `/dev/null` (empty), the number of arguments, the arguments, each
 * exported variable as `NAME=value` and an empty field. The server answers
 * `CODE inline` then standard error and standard output, each ended by a
 * NUL, or `CODE file` when they are in `CALL.stdout` and `CALL.stderr`.
 */
function shimBody(calls: string, port: number): string {
  return [
    `local call="${calls}/$BASHPID.$RANDOM$RANDOM" stdin="" name code mode out err part`,
    // Bash checks file descriptor 0 itself for /dev/stdin: nothing to copy when it is /dev/null.
    `if ! [[ /dev/stdin -ef /dev/null ]]; then stdin=1; ${COPY} > "$call.stdin"; fi`,
    `exec 9<>"/dev/tcp/127.0.0.1/${port}"`,
    `{`,
    `  printf '%s\\0' "$PWD" "$call" "$stdin" "$#" "$@"`,
    `  for name in ${ALL_NAMES}; do`,
    `    if [[ \${!name@a} == *x* ]]; then printf '%s=%s\\0' "$name" "\${!name}"; fi`,
    `  done`,
    `  printf '\\0'`,
    `} >&9`,
    `IFS=' ' read -r code mode <&9`,
    `if [[ $mode == inline ]]; then`,
    `  IFS= read -r -d '' err <&9; IFS= read -r -d '' out <&9`,
    `  printf '%s' "$out"; printf '%s' "$err" >&2`,
    `else`,
    `  ${COPY} < "$call.stdout"; ${COPY} < "$call.stderr" >&2`,
    `fi`,
    `exec 9>&-`,
    `return "\${code:-70}"`,
  ].map((line) => `  ${line}\n`).join("");
}

/** Reads NUL-terminated fields from `reader` on demand. */
function fieldReader(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffered = new Uint8Array(0);
  return async (): Promise<string> => {
    while (true) {
      const end = buffered.indexOf(0);
      if (end >= 0) {
        const field = decoder.decode(buffered.subarray(0, end));
        buffered = buffered.subarray(end + 1);
        return field;
      }
      const next = await reader.read();
      if (next.done) throw new Error("Cannot read the shim's call: the connection ended");
      const joined = new Uint8Array(buffered.length + next.value.length);
      joined.set(buffered);
      joined.set(next.value, buffered.length);
      buffered = joined;
    }
  };
}

/** Writes all of `bytes` (a socket may take them in several writes). */
async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}

/**
 * Starts the server and writes `root/bin/omn`; each call of `omn` (the script,
 * or the function of `define`) runs `run(args, call)`.
 */
export async function startOmnShim(
  root: string,
  run: (args: string[], call: ShimCall) => Promise<OmnResult>,
): Promise<OmnShim> {
  const calls = `${root}/omn-calls`;
  await Deno.mkdir(calls, { recursive: true });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = new Set<Promise<void>>();
  const encoder = new TextEncoder();
  const answer = async (conn: Deno.Conn) => {
    const reader = conn.readable.getReader();
    const next = fieldReader(reader);
    const cwd = await next();
    const call = await next();
    const hasStdin = await next() !== "";
    const args: string[] = [];
    const count = Number(await next());
    while (args.length < count) args.push(await next());
    const env: Record<string, string> = {};
    for (let entry = await next(); entry !== ""; entry = await next()) {
      const equals = entry.indexOf("=");
      if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    reader.releaseLock();
    const stdin = hasStdin ? await Deno.readFile(`${call}.stdin`) : new Uint8Array(0);
    const result = await run(args, { env, cwd, stdin });
    const output = `${result.stderr}\0${result.stdout}\0`;
    if (output.length > INLINE_OUTPUT_LIMIT || output.split("\0").length !== 3) {
      await Deno.writeTextFile(`${call}.stdout`, result.stdout);
      await Deno.writeTextFile(`${call}.stderr`, result.stderr);
      await writeAll(conn, encoder.encode(`${result.code} file\n`));
    } else {
      await writeAll(conn, encoder.encode(`${result.code} inline\n${output}`));
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      const served: Promise<void> = answer(conn)
        .catch(() => {}) // the caller went away: nothing to answer
        .finally(() => {
          conn.close();
          serving.delete(served);
        });
      serving.add(served);
    }
  })().catch(() => {}); // the listener was closed
  const port = (listener.addr as Deno.NetAddr).port;
  const body = shimBody(calls, port);
  const bin = `${root}/bin`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(`${bin}/omn`, `#!/usr/bin/env bash\nomn() {\n${body}}\nomn "$@"\n`, {
    mode: 0o755,
  });
  return {
    bin,
    define: `omn() {\n${body}}\n`,
    [Symbol.asyncDispose]: async () => {
      listener.close();
      await accepting;
      await Promise.all([...serving]);
    },
  };
}

/**
 * An `omn` on `PATH` for shell commands run by a test (README recipes, the
 * examples of `--help`) that answers in the test process: a small
 * `/bin/sh` script hands its arguments, environment, working directory and
 * standard input to a loopback server of the test, which runs them with the
 * function the test gives (`runInProcess`, or `runOmn` for what needs the
 * real process), and the script prints the result and exits with its code.
 * Pipes, redirections and `$(…)` stay real bash; only the `deno` starts go.
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
  /** The caller's whole environment. */
  env: Record<string, string>;
  /** The caller's working directory. */
  cwd: string;
  /** The caller's standard input, read to its end, as bytes (a piped image stays whole). */
  stdin: string | Uint8Array;
}

/** A running shim: the directory holding the `omn` script, closed by `await using`. */
export interface OmnShim {
  bin: string;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Writes `root/bin/omn` and starts the server it calls; each call of `omn`
 * runs `run(args, call)`.
 */
export async function startOmnShim(
  root: string,
  run: (args: string[], call: ShimCall) => Promise<OmnResult>,
): Promise<OmnShim> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (
    request,
  ) => {
    const call = await request.text();
    const read = (name: string) => Deno.readTextFile(`${call}/${name}`);
    const args = (await read("args")).split("\0").slice(0, -1);
    const env: Record<string, string> = {};
    for (const entry of (await read("env")).split("\0")) {
      const equals = entry.indexOf("=");
      if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    const stdin = await Deno.readFile(`${call}/stdin`);
    const result = await run(args, { env, cwd: await read("cwd"), stdin });
    await Deno.writeTextFile(`${call}/stdout`, result.stdout);
    await Deno.writeTextFile(`${call}/stderr`, result.stderr);
    return new Response(String(result.code));
  });
  const bin = `${root}/bin`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(
    `${bin}/omn`,
    [
      "#!/bin/sh",
      "set -e",
      `call=$(mktemp -d '${root}/omn-call-XXXXXX')`,
      `if [ "$#" -gt 0 ]; then printf '%s\\0' "$@"; fi > "$call/args"`,
      `env -0 > "$call/env"`,
      `printf '%s' "$PWD" > "$call/cwd"`,
      `cat > "$call/stdin"`,
      `code=$(curl -sS --noproxy '*' --data-binary "$call" 'http://127.0.0.1:${server.addr.port}/')`,
      `cat "$call/stdout"`,
      `cat "$call/stderr" >&2`,
      `rm -rf "$call"`,
      `exit "$code"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return {
    bin,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

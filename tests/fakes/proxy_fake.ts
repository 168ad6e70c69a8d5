/**
 * Starts `_proxy_server.ts` in its own process and records every byte a
 * client sent it. On 127.0.0.2 it plays a hostile proxy outside omn's
 * allowlist; on 127.0.0.1 with `tunnelTo`, an allowed proxy that tunnels
 * `CONNECT` to a local port.
 *
 * @module
 */

/** A running proxy. */
export interface ProxyFake extends AsyncDisposable {
  /** `http://HOST:PORT`. */
  readonly url: string;
  /** Everything clients sent so far (Latin-1), complete once the proxy is stopped. */
  received(): string;
  /** The request lines it received (`CONNECT api.openai.com:443 HTTP/1.1`, `POST http://…`). */
  requestLines(): string[];
  /** Stops the proxy and waits until every record is in. */
  stop(): Promise<void>;
}

const SERVER = new URL("./_proxy_server.ts", import.meta.url).pathname;

/** Starts a proxy on `hostname`; `tunnelTo` is the 127.0.0.1 port that `CONNECT` reaches. */
export async function startProxyFake(
  hostname: "127.0.0.1" | "127.0.0.2",
  options: { tunnelTo?: number } = {},
): Promise<ProxyFake> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      `--allow-net=${hostname},127.0.0.1`,
      SERVER,
      hostname,
      ...(options.tunnelTo === undefined ? [] : [String(options.tunnelTo)]),
    ],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const chunks: string[] = [];
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).values();
  let buffer = "";
  let port: number | undefined;
  while (port === undefined) {
    const { value, done } = await lines.next();
    if (done) throw new Error("the test proxy did not start");
    buffer += value;
    const end = buffer.indexOf("\n");
    if (end >= 0) {
      port = JSON.parse(buffer.slice(0, end)).port;
      buffer = buffer.slice(end + 1);
    }
  }
  const reading = (async () => {
    for await (const value of lines) buffer += value;
  })();
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      child.kill();
      await child.status;
      await reading;
    }
    for (const line of buffer.split("\n").filter((line) => line !== "")) {
      chunks.push(JSON.parse(line).data);
    }
    buffer = "";
  };
  return {
    url: `http://${hostname}:${port}`,
    received: () => chunks.join(""),
    requestLines: () =>
      chunks.join("").split("\r\n").filter((line) => /^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line)),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

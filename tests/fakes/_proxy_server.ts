/**
 * A proxy for tests, run as its own process (so that it can listen on
 * 127.0.0.2, outside the tests' network permission): `deno run
 * --allow-net=HOST,127.0.0.1 _proxy_server.ts HOST [TUNNEL_PORT]`. It prints
 * `{"port":N}`, then one JSON line per chunk a client sends
 * (`{"data":"…"}`, bytes as Latin-1). A `CONNECT` is tunnelled to
 * 127.0.0.1:TUNNEL_PORT when one is given; anything else is answered 502.
 *
 * @module
 */
const [hostname, tunnelPortText] = Deno.args;
const tunnelPort = tunnelPortText === undefined ? undefined : Number(tunnelPortText);
const listener = Deno.listen({ hostname, port: 0 });
const encoder = new TextEncoder();

function emit(record: unknown): void {
  Deno.stdout.writeSync(encoder.encode(JSON.stringify(record) + "\n"));
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

async function handle(connection: Deno.Conn): Promise<void> {
  const reader = connection.readable.getReader();
  let head = "";
  while (!head.includes("\r\n\r\n")) {
    const { value, done } = await reader.read();
    if (done) return;
    emit({ data: latin1(value) });
    head += latin1(value);
  }
  const writer = connection.writable.getWriter();
  if (!head.startsWith("CONNECT ") || tunnelPort === undefined) {
    await writer.write(
      encoder.encode("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"),
    );
    connection.close();
    return;
  }
  const upstream = await Deno.connect({ hostname: "127.0.0.1", port: tunnelPort });
  await writer.write(encoder.encode("HTTP/1.1 200 Connection established\r\n\r\n"));
  writer.releaseLock();
  const rest = head.slice(head.indexOf("\r\n\r\n") + 4);
  const upstreamWriter = upstream.writable.getWriter();
  if (rest !== "") await upstreamWriter.write(Uint8Array.from(rest, (c) => c.charCodeAt(0)));
  const toUpstream = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      emit({ data: latin1(value) });
      await upstreamWriter.write(value);
    }
    await upstreamWriter.close();
  })();
  await Promise.allSettled([upstream.readable.pipeTo(connection.writable), toUpstream]);
}

emit({ port: (listener.addr as Deno.NetAddr).port });
for await (const connection of listener) handle(connection).catch(() => {});

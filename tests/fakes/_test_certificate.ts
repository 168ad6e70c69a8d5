/**
 * A throw-away certificate authority and a server certificate for one host,
 * made with `openssl` at run time (nothing secret is kept in the repository).
 * The end-to-end proxy tests give the authority to `deno` with `DENO_CERT`.
 *
 * @module
 */

/** The authority's certificate file and the server's certificate and key (PEM). */
export interface TestCertificate extends AsyncDisposable {
  /** Path of the authority's certificate, for `DENO_CERT`. */
  caFile: string;
  /** The server certificate (PEM). */
  cert: string;
  /** The server's private key (PEM). */
  key: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const output = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
}

/** Makes a certificate for `host`, signed by a fresh authority. */
export async function createTestCertificate(host: string): Promise<TestCertificate> {
  const dir = await Deno.makeTempDir({ prefix: "omn-test-tls-" });
  const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl([
    "req",
    "-x509",
    ...curve,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=omn test authority",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ], dir);
  await openssl([
    "req",
    ...curve,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    `/CN=${host}`,
  ], dir);
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  ], dir);
  return {
    caFile: `${dir}/ca.pem`,
    cert: await Deno.readTextFile(`${dir}/server.pem`),
    key: await Deno.readTextFile(`${dir}/server.key`),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** Terminates TLS on 127.0.0.1 and passes the plain bytes to `port` (a plain-http fake). */
export function startTlsFront(
  certificate: TestCertificate,
  port: number,
): { port: number } & AsyncDisposable {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: certificate.cert,
    key: certificate.key,
  });
  const open = new Set<Promise<unknown>>();
  const accepting = (async () => {
    for await (const connection of listener) {
      const piping = (async () => {
        const upstream = await Deno.connect({ hostname: "127.0.0.1", port });
        await Promise.allSettled([
          connection.readable.pipeTo(upstream.writable),
          upstream.readable.pipeTo(connection.writable),
        ]);
      })().catch(() => {});
      open.add(piping);
      piping.finally(() => open.delete(piping));
    }
  })().catch(() => {});
  return {
    port: listener.addr.port,
    [Symbol.asyncDispose]: async () => {
      listener.close();
      await accepting;
      await Promise.allSettled([...open]);
    },
  };
}

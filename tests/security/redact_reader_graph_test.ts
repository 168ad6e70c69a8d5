import assert from "node:assert/strict";

/** The local modules `path` loads, statically or dynamically, per `deno info`. */
async function moduleGraph(path: string): Promise<string[]> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(success, new TextDecoder().decode(stderr));
  const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules: { specifier: string }[];
  };
  return graph.modules.map((module) => module.specifier);
}

Deno.test("the byte pipeline of omn redact does not load RedactStream (defining it loads web streams)", async () => {
  const modules = await moduleGraph(
    new URL("../../src/security/redact_reader.ts", import.meta.url).pathname,
  );
  assert.ok(
    modules.some((module) => module.endsWith("/security/byte_redactor.ts")),
    "the graph was read",
  );
  assert.deepEqual(modules.filter((module) => module.endsWith("/security/redact_stream.ts")), []);
});

import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import { checkJsonSchema } from "../../src/templates/check_json_schema.ts";

async function run(argv: string[], stdin = "") {
  const home = await Deno.makeTempDir({ prefix: "omn-schema-" });
  try {
    const chunks: Uint8Array[] = [];
    let stderr = "";
    const decoder = new TextDecoder();
    const code = await runCli(argv, {
      streams: {
        stdin: new Blob([stdin]).stream(),
        stdout: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
        writeStderr: (bytes) => void (stderr += decoder.decode(bytes)),
        stdinIsTerminal: false,
        stdoutIsTerminal: false,
        stderrIsTerminal: false,
      },
      env: (name) => ({ OMNIMANCER_HOME: home } as Record<string, string>)[name],
      cwd: home,
    });
    return { code, stdout: chunks.map((chunk) => decoder.decode(chunk)).join(""), stderr };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** A schema the mock's reply cannot meet: its simplest value for `n` is 3, the allOf caps it at 2. */
const UNMEETABLE = JSON.stringify({
  type: "object",
  required: ["n"],
  properties: { n: { type: "integer", minimum: 3 } },
  allOf: [{ properties: { n: { maximum: 2 } } }],
});
const MEETABLE = JSON.stringify({
  type: "object",
  required: ["n"],
  properties: { n: { type: "integer", minimum: 3 } },
});

Deno.test("--schema in text mode: a reply that does not conform is never printed (exit 1)", async () => {
  for (const extra of [[], ["--no-stream"]]) {
    const result = await run(["ask", "--provider", "mock", "--schema", UNMEETABLE, ...extra, "x"]);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^error: The reply does not conform to --schema: #\/n: /m);
  }
  const json = await run(["ask", "--provider", "mock", "--schema", UNMEETABLE, "-o", "json", "x"]);
  assert.equal(JSON.parse(json.stdout).error_type, "schema_mismatch");
});

Deno.test("--schema in text mode: a conforming reply is printed once validated", async () => {
  const result = await run(["ask", "--provider", "mock", "--schema", MEETABLE, "x"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).n, 3);
});

Deno.test("a schema that is not a JSON Schema is refused before any request (exit 2, the validator's message)", async () => {
  for (
    const [schema, said] of [
      ['{"type":"strng"}', /#\/type: Instance does not match any of/],
      ['{"type":"object","required":"name"}', /#\/required: Instance type "string" is invalid/],
      ['{"properties":{"a":{"minLength":-1}}}', /#\/properties\/a\/minLength: -1 is less than 0/],
      ['{"properties":{"a":{"pattern":"("}}}', /pattern "\(": Invalid regular expression/],
    ] as const
  ) {
    // mock-error would fail the request: exit 2 shows that none was made.
    const result = await run([
      "ask",
      "--provider",
      "mock",
      "--model",
      "mock-error",
      "--schema",
      schema,
      "x",
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^error: Invalid JSON Schema --schema: /);
    assert.match(result.stderr, said);
  }
  assert.equal(checkJsonSchema(JSON.parse(MEETABLE)), undefined);
  assert.equal(checkJsonSchema(true), undefined);
});

Deno.test("--schema - reads the schema from stdin when the prompt comes from the arguments", async () => {
  const result = await run(["ask", "--provider", "mock", "--schema", "-", "give n"], MEETABLE);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).n, 3);
  const noPrompt = await run(["ask", "--provider", "mock", "--schema", "-"], MEETABLE);
  assert.equal(noPrompt.code, 2);
  assert.match(noPrompt.stderr, /give the prompt as arguments/);
  const invalid = await run(["ask", "--provider", "mock", "--schema", "-", "x"], '{"type":1}');
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /Invalid JSON Schema from stdin: #\/type/);
});

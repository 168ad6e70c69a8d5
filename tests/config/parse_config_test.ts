import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { CONFIG_FIX_HINT, locateJsonError, parseConfig } from "../../src/config/parse_config.ts";
import { CANARY_KEY, errorLike } from "./_helpers.ts";

const PATH = "/home/ada/.omnimancer/config.json";

function parseError(text: string): string {
  try {
    parseConfig(text, PATH);
  } catch (error) {
    assert.ok(error instanceof RefusalError, String(error));
    assert.equal(error.cause, undefined);
    return error.message;
  }
  throw new Error(`parsed: ${text}`);
}

Deno.test("parseConfig returns the validated config", () => {
  const config = parseConfig(
    '{ "version": 1, "providers": { "openai": { "default_model": "gpt-5" } } }',
    PATH,
  );
  assert.deepEqual(config, { version: 1, providers: { openai: { default_model: "gpt-5" } } });
});

Deno.test("parseConfig ignores a byte order mark", () => {
  assert.deepEqual(parseConfig('\uFEFF{ "version": 1 }', PATH), { version: 1 });
});

Deno.test("malformed JSON is reported with file, line, column, reason and fix", () => {
  assert.equal(
    parseError('{\n  "version": 1,\n  }\n'),
    `Cannot parse config "${PATH}": line 3, column 3: expected double-quoted property name (${CONFIG_FIX_HINT})`,
  );
  assert.match(
    parseError('{\n  "version": 1\n  "settings": {}\n}'),
    /line 3, column 3: expected ','/,
  );
});

Deno.test("a V8 message without a position is located by scanning the text", () => {
  // V8 reports `Unexpected token '}', "{…}" is not valid JSON` here, with no position.
  assert.equal(
    parseError('{\n  "version": }'),
    `Cannot parse config "${PATH}": line 2, column 14: unexpected "}" (${CONFIG_FIX_HINT})`,
  );
  assert.match(parseError('{"a": tx}'), /line 1, column 8: unexpected "x"/);
  assert.match(parseError('{\n\n"version": 1,\n"x": nul }'), /line 4, column 9: unexpected/);
});

Deno.test("an empty or truncated file is reported at its end", () => {
  assert.match(parseError(""), /line 1, column 1: unexpected end of file/);
  assert.match(parseError('{\n  "version": 1,\n  "settings": {'), /line 3, column 16: /);
});

Deno.test("parse errors never quote the file's content", () => {
  const message = parseError(
    `{"version": 1, "providers": {"openai": {"api_key": "${CANARY_KEY}" x}}}`,
  );
  assert.ok(!message.includes("CANARY"), message);
  const snippet = parseError(`{"api_key": "${CANARY_KEY}", "x": }`);
  assert.ok(!snippet.includes("CANARY"), snippet);
});

Deno.test("locateJsonError understands every V8 message format", () => {
  const text = '{\n  "a": }';
  assert.deepEqual(
    locateJsonError(text, "Unexpected token } in JSON at position 9"),
    { line: 2, column: 8, reason: 'unexpected "}"' },
  );
  assert.deepEqual(
    locateJsonError(text, "Expected property name or '}' in JSON at position 9 (line 2 column 8)"),
    { line: 2, column: 8, reason: "expected property name or '}'" },
  );
  assert.deepEqual(
    locateJsonError(text, 'Unexpected token \'}\', "{\n  "a": }" is not valid JSON'),
    { line: 2, column: 8, reason: 'unexpected "}"' },
  );
  assert.deepEqual(
    locateJsonError(text, "Unexpected end of JSON input"),
    { line: 2, column: 9, reason: "unexpected end of file" },
  );
  assert.deepEqual(locateJsonError("[1, ?]", "something new"), {
    line: 1,
    column: 5,
    reason: "invalid JSON",
  });
});

Deno.test("locateJsonError agrees with the live V8 parser on real errors", () => {
  const samples = [
    '{"a": 1,}',
    '{"a" 1}',
    "{'a': 1}",
    '{"a": 01}',
    '{"a": "\\x"}',
    '{"a": 1} 2',
    '{\n  "a": [1, 2,, 3]\n}',
    '{"a": truth}',
  ];
  for (const sample of samples) {
    let message = "";
    try {
      JSON.parse(sample);
    } catch (error) {
      message = (error as SyntaxError).message;
    }
    const location = locateJsonError(sample, message);
    const withLine = /\(line (\d+) column (\d+)\)/.exec(message);
    if (withLine) {
      assert.deepEqual([location.line, location.column], [
        Number(withLine[1]),
        Number(withLine[2]),
      ]);
    }
    // The search over the text's starts, used when V8 gives no position, must agree with V8 where it does.
    const scanned = locateJsonError(sample, "no position here");
    assert.deepEqual([scanned.line, scanned.column], [location.line, location.column], sample);
  }
});

Deno.test("an invalid config names the field, the problem and the fix", () => {
  assert.equal(
    parseError('{ "version": 1, "providers": { "openai": { "base_url": "nope" } } }'),
    `Invalid config "${PATH}": providers.openai.base_url: Invalid URL: expected an http:// or https:// URL (${CONFIG_FIX_HINT})`,
  );
  assert.match(
    parseError('{ "version": 1, "settings": { "colour": true } }'),
    /^Invalid config ".*": settings\.colour: unknown key \(did you mean "color"\?\)/,
  );
  assert.match(parseError("[]"), /^Invalid config ".*": \(top level\): /);
});

Deno.test("a config from a newer omn asks for an upgrade", () => {
  assert.throws(
    () => parseConfig('{ "version": 2 }', PATH),
    errorLike(RefusalError, "it is config version 2, and this omn reads version 1: upgrade omn"),
  );
});

Deno.test("locateJsonError without V8's position finds V8's own position, for every one-character change of a config", () => {
  const base =
    '{\n  "version": 1,\n  "providers": {"openai": {"x": [1, -2.5e3, true, null, "a\\n"]}}\n}';
  const characters = [
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    " ",
    "\n",
    "1",
    "0",
    "-",
    ".",
    "e",
    "t",
    "x",
    "\\",
  ];
  let checked = 0;
  for (let index = 0; index < base.length; index++) {
    for (const character of characters) {
      for (
        const text of [
          base.slice(0, index) + character + base.slice(index + 1),
          base.slice(0, index) + character + base.slice(index),
        ]
      ) {
        let message = "";
        try {
          JSON.parse(text);
          continue;
        } catch (error) {
          message = (error as SyntaxError).message;
        }
        const withLine = /\(line (\d+) column (\d+)\)/.exec(message);
        if (!withLine) continue;
        const searched = locateJsonError(text, "no position here");
        assert.deepEqual([searched.line, searched.column], [
          Number(withLine[1]),
          Number(withLine[2]),
        ], text);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000, `only ${checked} texts checked`);
});

import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  decodeConfigText,
  serializeConfig,
  validateForSave,
} from "../../src/config/config_text.ts";
import { errorLike } from "./_helpers.ts";

Deno.test("serializeConfig writes two-space JSON with one final newline", () => {
  assert.equal(
    serializeConfig({ version: 1, settings: { color: false } }),
    '{\n  "version": 1,\n  "settings": {\n    "color": false\n  }\n}\n',
  );
});

Deno.test("decodeConfigText refuses bytes that are not UTF-8, naming the file and the fix", () => {
  assert.equal(decodeConfigText(new TextEncoder().encode('{ "é": 1 }'), "c.json"), '{ "é": 1 }');
  for (const bytes of [[0xff], [0x7b, 0xc3], [0xed, 0xa0, 0x80]]) {
    assert.throws(
      () => decodeConfigText(new Uint8Array(bytes), "c.json"),
      errorLike(
        RefusalError,
        'Cannot parse config "c.json": it is not UTF-8 text (fix the file, or put a backup back: omn config backups restore NAME (omn config backups lists them))',
      ),
    );
  }
});

Deno.test("validateForSave gives the checked config or refuses naming the file and the reason", async () => {
  assert.deepEqual(
    await validateForSave({ version: 1, settings: { timeout_ms: 5 } }, {
      file: "c.json",
      reason: "set",
    }),
    { version: 1, settings: { timeout_ms: 5 } },
  );
  await assert.rejects(
    validateForSave({ version: 1, settings: { colour: true } } as never, {
      file: "c.json",
      reason: "set settings.colour",
    }),
    errorLike(
      RefusalError,
      'Refusing to save an invalid config to "c.json" (set settings.colour): settings.colour: unknown key',
    ),
  );
});

/**
 * Review: the value of a credential assignment, plain (`api_key=…`) or
 * with an encoded operator (`api_key%3D…`, `secret\u003d…`), ends before
 * an `=` (or its encoded forms) that follows a key's ending (`ey`, `en`,
 * `on`, `et`): there a key rule's own match begins. A text of
 * `api_key=api_key=…` made every operator read a value of 1024
 * characters, and its digit check 1024 more (a megabyte took 2 s for `omn
 * redact`); each is now read to the next operator only
 * (`/tmp/rguard/kv.ts`). Values are masked as before; one that runs into
 * another assignment is masked up to it.
 */
import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import { canaryString } from "./_corpus.ts";

const VALUE = canaryString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);

Deno.test("a credential value ends at the next assignment's operator, plain or encoded", () => {
  assert.equal(redact(`client_secret=${VALUE}_token=abc`), "client_secret=***=abc");
  assert.equal(redact(`api_key%3D${VALUE}_api_key%3Dabc`), "api_key%3D***%3Dabc");
  assert.equal(redact(`secret\\u003d${VALUE}_secret\\u003dabc`), "secret\\u003d***\\u003dabc");
});

Deno.test("credential values with = inside or as padding are masked whole, as before", () => {
  for (
    const text of [
      `client_secret=${VALUE}==`,
      `api_key=${VALUE}=x=y`,
      `"access_token": "${VALUE}a=b"`,
      `OPENAI_API_KEY=${VALUE}%3D%3D`,
      `token%3D${VALUE}%3D%3D&next=1`,
    ]
  ) {
    const masked = redact(text);
    assert.ok(!masked.includes(VALUE.slice(0, 12)) && !masked.includes(VALUE.slice(-12)), masked);
  }
});

Deno.test("a megabyte of assignments of assignments holds no credential", () => {
  for (const unit of ["api_key=", "secret=x_", "api_key%3D", "secret\\u003d"]) {
    const text = unit.repeat(Math.ceil(1_048_576 / unit.length));
    assert.equal(redact(text), text, unit);
  }
});

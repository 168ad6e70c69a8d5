import assert from "node:assert/strict";
import { isSecretRef, parseSecretRef } from "../../src/config/parse_secret_ref.ts";

Deno.test("parseSecretRef reads every well-formed reference", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["env://OMNIMANCER_TEAM_KEY", { kind: "env", name: "OMNIMANCER_TEAM_KEY" }],
    ["env://_x1", { kind: "env", name: "_x1" }],
    ["vault://openai#api_key", {
      kind: "vault",
      mount: "secret",
      path: "openai",
      field: "api_key",
    }],
    ["vault://secret/openai#api_key", {
      kind: "vault",
      mount: "secret",
      path: "openai",
      field: "api_key",
    }],
    ["vault://kv/team/llm/openai#key.v2", {
      kind: "vault",
      mount: "kv",
      path: "team/llm/openai",
      field: "key.v2",
    }],
    ["aws-sm://prod/openai", { kind: "aws-sm", secretId: "prod/openai" }],
    ["aws-sm://prod/llm-keys#openai", {
      kind: "aws-sm",
      secretId: "prod/llm-keys",
      jsonField: "openai",
    }],
    ["aws-sm://arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/openai-Ab12Cd#key", {
      kind: "aws-sm",
      secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/openai-Ab12Cd",
      region: "eu-west-1",
      jsonField: "key",
    }],
    ["aws-sm://arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:k", {
      kind: "aws-sm",
      secretId: "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:k",
      region: "us-gov-west-1",
    }],
    ["azure-kv://team-vault/openai-key", {
      kind: "azure-kv",
      vault: "team-vault",
      name: "openai-key",
    }],
    ["azure-kv://team-vault/openai-key/0123456789abcdef0123456789ABCDEF", {
      kind: "azure-kv",
      vault: "team-vault",
      name: "openai-key",
      version: "0123456789abcdef0123456789ABCDEF",
    }],
    ["gcp-sm://projects/my-project/secrets/openai", {
      kind: "gcp-sm",
      project: "my-project",
      secret: "openai",
      version: "latest",
    }],
    ["gcp-sm://projects/123456789012/secrets/openai_key/versions/3", {
      kind: "gcp-sm",
      project: "123456789012",
      secret: "openai_key",
      version: "3",
    }],
  ];
  for (const [text, expected] of cases) {
    assert.ok(isSecretRef(text), text);
    assert.deepEqual(parseSecretRef(text), { text, ...expected }, text);
  }
});

Deno.test("parseSecretRef refuses every malformed form, quoting the reference", () => {
  const cases: [string, RegExp][] = [
    ["op://vault/item/field", /unknown scheme; expected one of env:\/\//],
    ["env://", /variable name/],
    ["env://1ABC", /variable name/],
    ["env://A-B", /variable name/],
    ["env://A B", /white space/],
    ["vault://secret/openai", /field after "#" is missing/],
    ["vault://secret/openai#", /field after "#" is missing/],
    ["vault://#key", /path must be/],
    ["vault://secret//openai#key", /path must be/],
    ["vault:///openai#key", /path must be/],
    ["vault://secret/openai/#key", /path must be/],
    ["vault://secret/../sys#key", /path must be/],
    ["vault://secret/openai#a#b", /more than one "#"/],
    ["vault://secret/openai#a/b", /field must be/],
    ["vault://secret/openai?version=2#key", /white space or \?/],
    ["aws-sm://", /name must be/],
    ["aws-sm://prod/openai#", /JSON field/],
    ["aws-sm://a:b", /name must be/],
    ["aws-sm://arn:aws:secretsmanager:eu-west-1:1234:secret:x", /ARN must be/],
    ["aws-sm://arn:aws:s3:eu-west-1:123456789012:secret:x", /ARN must be/],
    ["aws-sm://arn:aws:secretsmanager:EU:123456789012:secret:x", /ARN must be/],
    ["azure-kv://team-vault", /two or three segments/],
    ["azure-kv://team-vault/a/0123456789abcdef0123456789abcdef/x", /two or three segments/],
    ["azure-kv://ab/openai", /vault name/],
    ["azure-kv://9vault/openai", /vault name/],
    ["azure-kv://team--vault/openai", /vault name/],
    ["azure-kv://team-vault-/openai", /vault name/],
    ["azure-kv://team-vault/open_ai", /secret name/],
    ["azure-kv://team-vault/openai/", /secret name|version/],
    ["azure-kv://team-vault/openai/v1", /32 hexadecimal/],
    ["gcp-sm://my-project/secrets/openai", /expected projects\/P\/secrets\/S/],
    ["gcp-sm://projects/my-project/openai", /expected projects\/P\/secrets\/S/],
    ["gcp-sm://projects/my-project/secrets/openai/versions", /expected projects/],
    ["gcp-sm://projects/my-project/secrets/openai/version/1", /expected projects/],
    ["gcp-sm://projects/My_Project/secrets/openai", /project/],
    ["gcp-sm://projects/my-project/secrets/open.ai", /secret id/],
    ["gcp-sm://projects/my-project/secrets/openai/versions/1.0", /version/],
  ];
  for (const [text, problem] of cases) {
    assert.throws(() => parseSecretRef(text), (error: unknown) => {
      assert.ok(error instanceof SyntaxError, text);
      assert.match(error.message, problem, text);
      assert.ok(error.message.includes(`"${text}"`), `${text}: ${error.message}`);
      return true;
    });
  }
});

Deno.test("isSecretRef recognises only the five schemes", () => {
  for (const value of ["sk-proj-abc", "https://vault/x", "VAULT://x#y", "env:/X", "{}"]) {
    assert.equal(isSecretRef(value), false, value);
  }
});

Deno.test("parseSecretRef does not quote an overlong text (it may be a pasted secret)", () => {
  const text = "vault://" + "a".repeat(400);
  assert.throws(() => parseSecretRef(text), /of 408 characters/);
});

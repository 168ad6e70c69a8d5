import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { runTemplates, type TemplatesRequest } from "../../src/templates/run_templates.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { modeOf, namesIn } from "../config/_helpers.ts";
import { anthropicKey, awsAccessKeyId, openaiProjectKey } from "../credentials/_canaries.ts";

async function workspace() {
  const root = await Deno.makeTempDir({ prefix: "omn-templates-test-" });
  const home = `${root}/home`;
  const run = async (request: TemplatesRequest) => {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runTemplates(request, context);
    await context.io.close();
    return context;
  };
  return { root, home, run, [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }) };
}

const add = (name: string, fields: Partial<Extract<TemplatesRequest, { verb: "add" }>> = {}) => ({
  verb: "add" as const,
  name,
  force: false,
  ...fields,
});

Deno.test("templates add, list, show and rm keep templates in the config (0600, backed up)", async () => {
  await using test = await workspace();
  await test.run(
    add("french", { system: "Answer in French", provider: "Claude", temperature: 0.2 }),
  );
  await test.run(
    add("titles", { prompt: "A title for: {input}", schema: '{"type":"object"}', maxTokens: 30 }),
  );
  const file = `${test.home}/config.json`;
  assert.equal(await modeOf(file), 0o600);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(file)).templates, {
    french: { system: "Answer in French", provider: "anthropic", temperature: 0.2 },
    titles: { prompt: "A title for: {input}", max_tokens: 30, schema: { type: "object" } },
  });
  assert.ok((await namesIn(`${test.home}/backups`)).length >= 1);
  assert.equal(
    (await test.run({ verb: "list", json: false })).stdout(),
    "french\tanthropic\t-\tAnswer in French\ntitles\t-\tschema\tA title for: {input}\n",
    "piped: tab-separated cells (name, model, schema, prompt), no header",
  );
  assert.deepEqual(
    Object.keys(JSON.parse((await test.run({ verb: "list", json: true })).stdout())),
    [
      "french",
      "titles",
    ],
  );
  assert.deepEqual(JSON.parse((await test.run({ verb: "show", name: "french" })).stdout()), {
    system: "Answer in French",
    provider: "anthropic",
    temperature: 0.2,
  });
  await assert.rejects(test.run(add("french", { system: "again" })), UsageError);
  await test.run(add("french", { system: "again", force: true }));
  await test.run({ verb: "rm", names: ["french", "titles"] });
  assert.equal("templates" in JSON.parse(await Deno.readTextFile(file)), false);
  await assert.rejects(test.run({ verb: "rm", names: ["french"] }), UsageError);
  await assert.rejects(test.run({ verb: "show", name: "french" }), UsageError);
});

Deno.test("templates add refuses a bad name, no text, an unknown provider (exit 2)", async () => {
  await using test = await workspace();
  await assert.rejects(test.run(add("../x", { system: "s" })), UsageError);
  await assert.rejects(test.run(add("empty")), UsageError);
  await assert.rejects(test.run(add("p", { system: "s", provider: "nowhere" })), UsageError);
});

Deno.test("a template holding a secret, in any field, is refused (exit 3) and never written or shown", async () => {
  await using test = await workspace();
  const secrets = [openaiProjectKey("tpl"), anthropicKey("tpl"), awsAccessKeyId("TPL")];
  const cases = secrets.flatMap((secret) => [
    add("s", { system: `use ${secret} for it` }),
    add("p", { prompt: `{input} with\n${secret}` }),
    add("m", { system: "x", model: secret }),
    add("j", { system: "x", schema: JSON.stringify({ description: secret }) }),
  ]);
  for (const request of cases) {
    const context = memoryContext({ env: { OMNIMANCER_HOME: test.home } });
    await assert.rejects(runTemplates(request, context), (error: unknown) => {
      assert.ok(error instanceof RefusalError, String(error));
      for (const secret of secrets) assert.ok(!error.message.includes(secret));
      return true;
    });
    await context.io.close();
    for (const secret of secrets) {
      assert.ok(!context.stdout().includes(secret) && !context.stderr().includes(secret));
    }
  }
  const exists = await Deno.stat(`${test.home}/config.json`).then(() => true, () => false);
  if (exists) {
    const text = await Deno.readTextFile(`${test.home}/config.json`);
    for (const secret of secrets) assert.ok(!text.includes(secret));
  }
});

Deno.test("a template named like a property every object has (toString, constructor) is a template like any other", async () => {
  // review: templates[name] read Object's properties: add toString said it existed, show printed
  // "undefined", and rm of a template that was not there said it removed it.
  await using test = await workspace();
  await assert.rejects(test.run({ verb: "show", name: "toString" }), UsageError);
  await assert.rejects(test.run({ verb: "rm", names: ["constructor"] }), UsageError);
  await test.run(add("toString", { system: "Be brief" }));
  assert.deepEqual(JSON.parse((await test.run({ verb: "show", name: "toString" })).stdout()), {
    system: "Be brief",
  });
  await assert.rejects(test.run(add("toString", { system: "again" })), UsageError);
  await test.run({ verb: "rm", names: ["toString"] });
});

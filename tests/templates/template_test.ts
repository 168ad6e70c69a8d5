import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import type { BatchItem } from "../../src/batch/parse_batch_line.ts";
import {
  chooseWithTemplate,
  expandBatchItem,
  fillPrompt,
  findTemplate,
  templateInput,
  withTemplate,
} from "../../src/templates/template.ts";

const CONFIG: Config = {
  version: 1,
  model_aliases: { fast: "openai/gpt-4o-mini" },
  templates: {
    french: { system: "Answer in French", provider: "anthropic", model: "claude-haiku-4-5" },
    jq: { prompt: "Write a jq filter that {input}. Only {input}.", temperature: 0, max_tokens: 50 },
    plain: { prompt: "Summarise this" },
  },
};

Deno.test("fillPrompt: {input} everywhere it stands, else the input after a blank line", () => {
  assert.equal(fillPrompt("Write {input}; {input}", "x"), "Write x; x");
  assert.equal(fillPrompt("Summarise this", "notes"), "Summarise this\n\nnotes");
  assert.equal(fillPrompt("Tell a joke", ""), "Tell a joke");
  assert.equal(fillPrompt("{input}", "$& and $1 stay"), "$& and $1 stay");
  assert.throws(() => fillPrompt("{input}", ""), UsageError);
  assert.equal(templateInput("piped\n\n", ["then", "words"]), "piped\n\nthen words");
  assert.equal(templateInput("", []), "");
});

Deno.test("withTemplate: the command line wins over the template", () => {
  const template = findTemplate(CONFIG, "jq");
  assert.deepEqual(withTemplate({ temperature: 1, words: [] }, template), {
    temperature: 1,
    words: [],
    system: undefined,
    maxTokens: 50,
  });
  assert.deepEqual(
    withTemplate({ system: "mine" }, findTemplate(CONFIG, "french")).system,
    "mine",
  );
});

Deno.test("chooseWithTemplate: --provider or a provider-choosing --model wins, else the template's", () => {
  const french = findTemplate(CONFIG, "french");
  assert.deepEqual(chooseWithTemplate({}, french, CONFIG), {
    provider: "anthropic",
    model: "claude-haiku-4-5",
  });
  assert.deepEqual(chooseWithTemplate({ model: "claude-opus-4-1" }, french, CONFIG), {
    provider: "anthropic",
    model: "claude-opus-4-1",
  });
  assert.deepEqual(chooseWithTemplate({ provider: "mock" }, french, CONFIG), { provider: "mock" });
  assert.deepEqual(chooseWithTemplate({ model: "fast" }, french, CONFIG), {
    provider: "openai",
    model: "gpt-4o-mini",
    alias: "fast",
  });
  assert.deepEqual(chooseWithTemplate({ model: "mock/mock-1" }, french, CONFIG), {
    provider: "mock",
    model: "mock-1",
  });
});

Deno.test("a missing template is a usage error naming the fix; a prototype name is no template", () => {
  assert.throws(
    () => findTemplate(CONFIG, "nope"),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message === 'No template "nope": list them with omn templates list',
  );
  assert.throws(() => findTemplate(CONFIG, "constructor"), UsageError);
});

Deno.test("expandBatchItem: the item's fields win, then the template's; the prompt fills {input}", () => {
  assert.deepEqual(expandBatchItem({ id: 1, prompt: "lists names", template: "jq" }, CONFIG), {
    id: 1,
    prompt: "Write a jq filter that lists names. Only lists names.",
    template: "jq",
    system: undefined,
    temperature: 0,
    max_tokens: 50,
  });
  const given: BatchItem = {
    id: "a",
    prompt: "hi",
    template: "french",
    model: "claude-opus-4-1",
    temperature: 1,
  };
  const french = expandBatchItem(given, CONFIG);
  assert.equal(french.system, "Answer in French");
  assert.equal(french.provider, "anthropic");
  assert.equal(french.model, "claude-opus-4-1");
  assert.equal(french.temperature, 1);
  const item = { id: 2, prompt: "no template" };
  assert.equal(expandBatchItem(item, CONFIG), item);
  assert.throws(
    () => expandBatchItem({ id: 3, prompt: "x", template: "nope" }, CONFIG),
    UsageError,
  );
});

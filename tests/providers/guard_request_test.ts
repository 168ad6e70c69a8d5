import assert from "node:assert/strict";
import { guardedModel, guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { normalizeForMatching } from "../../src/security/normalize_for_matching.ts";
import { awsAccessKeyId, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { fullwidth, INVISIBLES, lookAlike, withInvisible } from "../security/_disguises.ts";

const patternKey = openaiProjectKey("G");
const loadedKey = mistralKey("G");

/** Whether a canary (or any disguise of it) is anywhere in what would be sent. */
function carries(request: GenerateRequest, canary: string): boolean {
  const text = JSON.stringify(request);
  return text.includes(canary) || normalizeForMatching(text).text.includes(canary) ||
    normalizeForMatching(JSON.parse(JSON.stringify(text))).text.includes(canary);
}

/** Each user-supplied place of a request that can hold `secret`. */
function placements(secret: string): { name: string; request: GenerateRequest }[] {
  return [
    { name: "the prompt", request: { messages: [{ role: "user", content: `use ${secret} now` }] } },
    {
      name: "the system prompt",
      request: { system: `key: ${secret}`, messages: [{ role: "user", content: "hi" }] },
    },
    {
      name: "message 1",
      request: {
        messages: [
          { role: "user", content: `earlier ${secret}` },
          { role: "assistant", content: "ok" },
          { role: "user", content: "hi" },
        ],
      },
    },
    {
      name: "--schema",
      request: {
        messages: [{ role: "user", content: "hi" }],
        jsonSchema: { type: "object", description: `token ${secret}`, properties: {} },
      },
    },
    {
      name: "--schema",
      request: {
        messages: [{ role: "user", content: "hi" }],
        jsonSchema: { type: "object", properties: { [secret]: { type: "string" } } },
      },
    },
  ];
}

function withLoadedKey(run: () => void): void {
  clearKnownSecrets();
  registerSecret(loadedKey, "MISTRAL_API_KEY");
  try {
    run();
  } finally {
    clearKnownSecrets();
  }
}

Deno.test("block refuses a secret in any user-supplied part, naming the part and never the secret", () => {
  withLoadedKey(() => {
    for (const secret of [patternKey, loadedKey]) {
      for (const { name, request } of placements(secret)) {
        assert.throws(
          () => guardRequest(request, "gpt-4o", "block"),
          (error: unknown) => {
            assert.ok(error instanceof RefusalError);
            assert.ok(error.message.includes(`in ${name}`), error.message);
            assert.ok(!error.message.includes(secret));
            return true;
          },
        );
      }
      assert.throws(() => guardRequest({ messages: [] }, `gpt-${secret}`, "block"), /--model/);
    }
  });
});

Deno.test("redact masks every part so that no secret is sent, and warns naming the parts", () => {
  withLoadedKey(() => {
    for (const secret of [patternKey, loadedKey]) {
      for (const { name, request } of placements(secret)) {
        const guarded = guardRequest(request, "gpt-4o", "redact");
        assert.ok(!carries(guarded.request, secret), `${name} still carries the secret`);
        assert.ok(guarded.warning?.includes(`in ${name}`), guarded.warning);
        assert.ok(!guarded.warning?.includes(secret));
      }
    }
  });
});

Deno.test("redact keeps a schema valid and refuses a model id holding a secret", () => {
  withLoadedKey(() => {
    const guarded = guardRequest(
      {
        messages: [{ role: "user", content: "hi" }],
        jsonSchema: { type: "object", properties: { k: { const: loadedKey } } },
      },
      "m",
      "redact",
    );
    assert.deepEqual(guarded.request.jsonSchema, {
      type: "object",
      properties: { k: { const: "***" } },
    });
    assert.throws(
      () => guardRequest({ messages: [] }, loadedKey, "redact"),
      (error: unknown) =>
        error instanceof RefusalError && /model id contains a secret/.test(error.message) &&
        !error.message.includes(loadedKey),
    );
  });
});

Deno.test("allow sends the request unchanged with a warning", () => {
  withLoadedKey(() => {
    const request: GenerateRequest = {
      system: loadedKey,
      messages: [{ role: "user", content: patternKey }],
    };
    const guarded = guardRequest(request, "m", "allow");
    assert.equal(guarded.request, request);
    assert.match(guarded.warning!, /--on-secret allow/);
  });
});

Deno.test("allow: a key found in the prompt by its context is masked when it comes back alone", () => {
  clearKnownSecrets();
  const key = mistralKey("ALLOWECHO");
  const request: GenerateRequest = {
    messages: [{ role: "user", content: `MISTRAL_API_KEY=${key}` }],
  };
  // Alone, with no variable name before it, a Mistral key is no pattern: only a known value.
  assert.ok(redact(`the value is ${key}`).includes(key));
  const guarded = guardRequest(request, "m", "allow");
  assert.equal(guarded.request, request);
  // Sent as asked; the provider (or the model) echoing it back prints it no more.
  assert.equal(redact(`the value is ${key}`), "the value is ***");
  clearKnownSecrets();
});

Deno.test("the model's own replies are not the user's: an assistant message is sent as it is", () => {
  clearKnownSecrets();
  const aws = awsAccessKeyId("R");
  const request: GenerateRequest = {
    messages: [{ role: "user", content: "a" }, { role: "assistant", content: aws }, {
      role: "user",
      content: "b",
    }],
  };
  assert.deepEqual(guardRequest(request, "m", "block"), { request, kinds: [] });
});

Deno.test("disguised secrets (invisible, fullwidth, look-alike) are found in every part", () => {
  withLoadedKey(() => {
    for (const secret of [patternKey, loadedKey]) {
      const disguises = [
        ...INVISIBLES.flatMap((invisible) =>
          [[1], [7], [secret.length - 1], [2, 15, 30]].map((positions) =>
            withInvisible(secret, invisible, positions)
          )
        ),
        fullwidth(secret),
        lookAlike(secret),
      ];
      for (const disguised of disguises) {
        for (const { name, request } of placements(disguised)) {
          assert.throws(() => guardRequest(request, "m", "block"), RefusalError, name);
          const guarded = guardRequest(request, "m", "redact");
          assert.ok(!carries(guarded.request, secret), `${name}: ${JSON.stringify(guarded)}`);
        }
      }
    }
  });
});

Deno.test("guardedModel guards every request before the model sees it", async () => {
  clearKnownSecrets();
  registerSecret(loadedKey, "MISTRAL_API_KEY");
  const seen: GenerateRequest[] = [];
  const inner: LanguageModel = {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request): AsyncIterable<ModelEvent> {
      seen.push(request);
      yield* [];
    },
  };
  const warnings: string[] = [];
  const model = guardedModel(inner, "redact", (warning) => warnings.push(warning));
  for await (
    const _ of model.stream({
      messages: [{ role: "user", content: "hi" }],
      jsonSchema: { type: "object", description: loadedKey },
    })
  ) { /* drain */ }
  assert.ok(!carries(seen[0], loadedKey));
  assert.equal(warnings.length, 1);
  assert.throws(
    () =>
      guardedModel(inner, "block", () => {}).stream({
        messages: [{ role: "user", content: loadedKey }],
      }),
    RefusalError,
  );
  assert.equal(seen.length, 1);
  clearKnownSecrets();
});

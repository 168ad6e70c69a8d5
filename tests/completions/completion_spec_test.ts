import assert from "node:assert/strict";
import { buildApp } from "../../src/cli/app.ts";
import { completionSpec } from "../../src/completions/completion_spec.ts";
import { memoryContext } from "../cli/_memory_io.ts";

Deno.test("--model completes aliases, catalogue ids and PROVIDER/ID pairs", () => {
  // deno-lint-ignore no-explicit-any
  const spec = completionSpec(buildApp(memoryContext()) as any, { modelAliases: ["fast"] });
  for (const flag of ["--model", "-m"]) {
    for (
      const value of ["fast", "gpt-4o-mini", "openai/gpt-4o-mini", "openrouter/openai/gpt-4o-mini"]
    ) {
      assert.ok(spec.values[flag].includes(value), `${flag} ${value}`);
    }
  }
  const alias = spec.nodes.find((node) => node.path === "models alias");
  assert.ok(alias);
  assert.equal(alias.providerArgument, false, "an alias name is not a provider");
  assert.ok(alias.options.includes("--rm"));
});

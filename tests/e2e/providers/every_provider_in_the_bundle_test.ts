/**
 * Every network provider's code loads, finds its credentials and reaches its
 * fake in the bundle under the release permission set: one `omn batch`
 * process with an item per provider, in place of a process per provider
 * (each provider's contract runs the same command code in process, against
 * the same fakes: ./_provider_contract.ts).
 *
 * What only this process proves: each provider's chunk of the bundle is
 * readable, its package needs no permission the set does not give (no
 * `--allow-sys`, no other variable, no file), its credential variable is in
 * the set, and its endpoint (loopback here) is allowed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { DEFAULT_REPLY, type FakeServer } from "../../fakes/_fake_server.ts";
import { assertNoCanary, assertNoCanaryInTree } from "../_canary_checks.ts";
import { runOmn, tempWorkspace } from "../_omn.ts";
import { everyProviderCase, setProviderSettings } from "./_provider_cases.ts";

/** `--base-url URL` and `--model ID` of a case's arguments (the only ones the cases give). */
function endpointAndModel(args: string[]): { baseUrl?: string; model?: string } {
  const found: { baseUrl?: string; model?: string } = {};
  for (let index = 0; index < args.length; index += 2) {
    if (args[index] === "--base-url") found.baseUrl = args[index + 1];
    else if (args[index] === "--model") found.model = args[index + 1];
    else {throw new Error(
        `Cannot put "${args[index]}" in a batch item: only --base-url and --model`,
      );}
  }
  return found;
}

Deno.test("every provider streams its reply through the bundle under the permission set: one omn batch, an item per provider", async () => {
  const cases = await everyProviderCase();
  await using workspace = await tempWorkspace();
  const fakes: FakeServer[] = [];
  try {
    let env: Record<string, string> = {};
    const items: string[] = [];
    for (const providerCase of cases) {
      const fake = await providerCase.startFake("ok");
      fakes.push(fake);
      await providerCase.configure?.(workspace, fake);
      const { baseUrl, model } = endpointAndModel(providerCase.args(fake));
      if (baseUrl !== undefined) {
        await setProviderSettings(workspace, providerCase.provider, { base_url: baseUrl });
      }
      env = { ...env, ...providerCase.env(fake) };
      items.push(JSON.stringify({
        id: providerCase.provider,
        provider: providerCase.provider,
        ...(model ? { model } : {}),
        prompt: "Say hello",
      }));
    }
    const result = await runOmn(["batch", "--job", "providers", "--provider", "mock"], {
      ...workspace,
      env,
      stdin: `${items.join("\n")}\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    const results = new Map(
      result.stdout.trim().split("\n").map((line) => JSON.parse(line)).map((line) => [
        line.id,
        line,
      ]),
    );
    for (const [index, providerCase] of cases.entries()) {
      const name = providerCase.provider;
      assert.equal(results.get(name)?.text, DEFAULT_REPLY, `${name}: ${result.stdout}`);
      assert.equal(results.get(name)?.finish_reason, "stop", name);
      assert.ok(fakes[index].requests.length >= 1, `${name}: its fake was reached`);
      assert.deepEqual(fakes[index].violations, [], name);
    }
    assert.equal(results.size, cases.length);
    const secrets = cases.flatMap((providerCase) => providerCase.secrets);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, secrets);
    await assertNoCanaryInTree(workspace.root, secrets);
  } finally {
    // Each fake fails the test here when it saw something it did not expect.
    for (const fake of fakes) await fake[Symbol.asyncDispose]();
  }
});

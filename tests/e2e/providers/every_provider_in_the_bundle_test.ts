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
import { type OmnResult, runOmn, tempWorkspace, type Workspace } from "../_omn.ts";
import { everyProviderCase, setProviderSettings } from "./_provider_cases.ts";
import type { ProviderCase } from "./_provider_contract.ts";

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

/**
 * One `omn batch` with an item per case, each against its own fake, checked by `check`; the
 * fakes are closed after. `preload` is the text of a module Deno runs before omn.
 */
async function providerBatch(
  cases: ProviderCase<FakeServer>[],
  check: (result: OmnResult, workspace: Workspace) => Promise<void>,
  preload?: string,
): Promise<void> {
  await using workspace = await tempWorkspace();
  const fakes: FakeServer[] = [];
  try {
    const preloadPath = `${workspace.root}/preload.js`;
    if (preload !== undefined) await Deno.writeTextFile(preloadPath, preload);
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
      ...(preload === undefined ? {} : { preload: preloadPath }),
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
    await check(result, workspace);
  } finally {
    // Each fake fails the test here when it saw something it did not expect.
    for (const fake of fakes) await fake[Symbol.asyncDispose]();
  }
}

Deno.test("every provider streams its reply through the bundle under the permission set: one omn batch, an item per provider", async () => {
  const cases = await everyProviderCase();
  await providerBatch(cases, async (result, workspace) => {
    const secrets = cases.flatMap((providerCase) => providerCase.secrets);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, secrets);
    await assertNoCanaryInTree(workspace.root, secrets);
  });
});

/**
 * Run before omn (`--preload`): reports on stderr each touch of the `process` global, then gives
 * what Deno's own getter gives. Deno loads its Node compatibility modules (`node:process`,
 * `node:path`, `node:assert`, ...) on the first touch, about 25 ms.
 */
const PROCESS_TRAP = `const own = Object.getOwnPropertyDescriptor(globalThis, "process");
Object.defineProperty(globalThis, "process", {
  configurable: true,
  enumerable: own?.enumerable ?? false,
  get() {
    const where = (new Error().stack ?? "").split("\\n").slice(2, 4).join(" | ");
    Deno.stderr.writeSync(new TextEncoder().encode("process touched: " + where + "\\n"));
    return own?.get ? own.get.call(globalThis) : own?.value;
  },
});
`;

Deno.test("no provider's package touches the process global, which loads Deno's Node modules, but Bedrock's CommonJS ones", async () => {
  // The packages create a default provider instance as they load, which reads process.env: the
  // build drops them (scripts/default_provider_instances.ts). Bedrock's AWS packages are
  // CommonJS: their require loads Node's module system through process (lazy_require_helper.ts).
  const cases = await everyProviderCase();
  const isBedrock = (providerCase: ProviderCase<FakeServer>) => providerCase.provider === "bedrock";
  await providerBatch(cases.filter((providerCase) => !isBedrock(providerCase)), (result) => {
    assert.doesNotMatch(result.stderr, /process touched/);
    return Promise.resolve();
  }, PROCESS_TRAP);
  // The trap catches a touch: Bedrock's.
  await providerBatch(cases.filter(isBedrock), (result) => {
    assert.match(result.stderr, /process touched: .*__require/);
    return Promise.resolve();
  }, PROCESS_TRAP);
});

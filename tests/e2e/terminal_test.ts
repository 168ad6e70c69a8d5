import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { tempWorkspace } from "./_omn.ts";
import { onTerminal, scriptTool } from "./_terminal.ts";

Deno.test({
  name:
    `keys set on a terminal reads the key from a hidden prompt that never echoes it${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const canary = openaiProjectKey("TTY");
    const { code, screen } = await onTerminal(workspace, "keys set openai", [["API key:", canary]]);
    assert.equal(code, 0, screen);
    assert.match(screen, /Stored the openai key sk-proj-\*\*\*/);
    assertNoCanary({ terminal: screen }, [canary]);
    assert.ok((await Deno.readTextFile(`${workspace.home}/config.json`)).includes(canary));
  },
});

Deno.test({
  name: `config init on a terminal asks for the default provider${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const { code, screen } = await onTerminal(workspace, "config init", [[
      "Default provider",
      "mock",
    ]]);
    assert.equal(code, 0, screen);
    const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
    assert.deepEqual(config, { version: 1, default_provider: "mock" });
  },
});

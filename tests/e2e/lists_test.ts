/**
 * Every listing command speaks one language: `--json` everywhere; a table
 * with a header on a terminal; tab-separated rows, no header and no colour
 * when piped.
 *
 * @module
 */
import assert from "node:assert/strict";
import { tempWorkspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";
import { onTerminal, scriptTool } from "./_terminal.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const KEY = openaiProjectKey("LISTS");

const LISTINGS: { args: string[]; header: RegExp }[] = [
  { args: ["keys", "list"], header: /PROVIDER +FIELD +SOURCE +KEY +FINGERPRINT/ },
  { args: ["models", "anthropic"], header: /PROVIDER +MODEL +CONTEXT +INPUT \$\/M/ },
  { args: ["providers"], header: /PROVIDER +STATE +ENDPOINT +CREDENTIALS/ },
  { args: ["history", "list"], header: /ID +UPDATED +MESSAGES +MODEL +TITLE/ },
  { args: ["usage"], header: /provider +requests +errors/ },
  { args: ["profiles"], header: /profile +default provider +keys/ },
  { args: ["batch", "--list"], header: /JOB +RESULTS +FAILED +UPDATED +STATE/ },
  { args: ["templates", "list"], header: /NAME +MODEL +SCHEMA +PROMPT/ },
  { args: ["config", "backups"], header: /BACKUP +TIME +SIZE/ },
];

async function seed(workspace: Awaited<ReturnType<typeof tempWorkspace>>): Promise<void> {
  const env = { OMNIMANCER_MOCK_API_KEY: "" };
  for (
    const [args, stdin] of [
      [["config", "init", "--default-provider", "mock"], undefined],
      [["keys", "set", "openai", "--stdin"], KEY],
      [["ask", "--provider", "mock", "hello"], undefined],
      [["batch", "--job", "nightly", "--provider", "mock"], '{"id":"1","prompt":"hi"}\n'],
      [
        ["templates", "add", "jq", "--prompt", "Write a jq filter that {input}.", "-t", "0"],
        undefined,
      ],
    ] as const
  ) {
    const result = await runInProcess([...args], { ...workspace, env, stdin });
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  }
}

Deno.test("piped, every listing is tab-separated rows without a header or colour; --json parses", async () => {
  await using workspace = await tempWorkspace();
  await seed(workspace);
  for (const { args, header } of LISTINGS) {
    const piped = await runInProcess(args, { ...workspace, env: { NO_COLOR: "", TERM: "xterm" } });
    assert.equal(piped.code, 0, `${args.join(" ")}: ${piped.stderr}`);
    assert.ok(piped.stdout.length > 0, `${args.join(" ")} lists something`);
    assert.doesNotMatch(piped.stdout, header, `${args.join(" ")}: no header when piped`);
    assert.ok(!piped.stdout.includes("\u001b"), `${args.join(" ")}: no colour`);
    for (const line of piped.stdout.trimEnd().split("\n")) {
      assert.ok(line.includes("\t"), `${args.join(" ")}: "${line}" is tab-separated`);
      assert.doesNotMatch(line, / {2}/, `${args.join(" ")}: "${line}" is not padded`);
    }
    const json = await runInProcess([...args, "--json"], workspace);
    assert.equal(json.code, 0, `${args.join(" ")} --json: ${json.stderr}`);
    const text = JSON.stringify(JSON.parse(json.stdout));
    const camel = [...text.matchAll(/"([a-z]+[A-Z][A-Za-z]*)":/g)].map((match) => match[1]);
    assert.deepEqual(camel, [], `${args.join(" ")} --json keys are snake_case`);
    assert.ok(!(piped.stdout + json.stdout).includes(KEY.slice(8, 30)), "no key in a listing");
  }
});

Deno.test("on a terminal, every listing is an aligned table with a header", async () => {
  await using workspace = await tempWorkspace();
  await seed(workspace);
  for (const { args, header } of LISTINGS) {
    const result = await runInProcess(args, { ...workspace, stdoutIsTerminal: true });
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stdout, header, `${args.join(" ")}: ${result.stdout}`);
    assert.doesNotMatch(result.stdout, /\t/, `${args.join(" ")}: aligned, not tab-separated`);
    assert.ok(!result.stdout.includes(KEY.slice(8, 30)), "no key on the screen");
  }
});

Deno.test({
  name: `a real terminal is recognised: omn keys list draws its table on it${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  async fn() {
    await using workspace = await tempWorkspace();
    await seed(workspace);
    const { args, header } = LISTINGS[0];
    const { code, screen } = await onTerminal(workspace, args.join(" "), []);
    assert.equal(code, 0, screen);
    assert.match(screen, header, `${args.join(" ")}: ${screen}`);
    assert.ok(!screen.includes(KEY.slice(8, 30)), "no key on the screen");
  },
});

/**
 * `omn keys …`: store, list, rotate and remove provider keys. A key is never
 * accepted as a command-line argument: it is read from a hidden prompt on a
 * terminal or from stdin with `--stdin`; or stored as a secret reference
 * (`--ref vault://…`), which is not a secret.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** Every `keys` verb with its parsed inputs. */
export type KeysRequest =
  | { verb: "set"; provider: string; stdin: boolean; refs?: string[] }
  | { verb: "rotate"; provider: string; stdin: boolean }
  | { verb: "remove"; provider: string }
  | { verb: "list"; json: boolean };

/** Runs a parsed `keys` request. */
export type KeysAction = (request: KeysRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: KeysRequest, context: CliContext): Promise<void> {
  const { runKeys } = await import("../../credentials/run_keys.ts");
  await runKeys(request, context);
}

/** Declares `keys` and its verbs. */
export function keysCommand(context: CliContext, action: KeysAction = defaultAction) {
  const run = (request: KeysRequest) => action(request, context);
  const keys = new Command("keys")
    .description("store, list, rotate and remove provider keys (never from arguments)")
    .addHelpText(
      "after",
      `
Examples:
  omn keys set openai                      (hidden prompt)
  printf %s "$OPENAI_API_KEY" | omn keys set openai --stdin
  omn keys set openai --ref vault://secret/openai#api_key
  omn keys list --json`,
    );
  keys.command("set")
    .description("store a key in the config file, read from a hidden prompt or stdin")
    .argument("<provider>", "provider id")
    .option(
      "--stdin",
      "read the key from stdin (bedrock: access key id, secret, optional session token, one a line)",
      false,
    )
    .option(
      "--ref <reference>",
      "store a secret reference instead of a key: env://NAME, vault://[mount/]path#field, " +
        "aws-sm://name-or-arn[#field], azure-kv://vault/name[/version], " +
        "gcp-sm://projects/P/secrets/S[/versions/V] (bedrock: repeat for key id, secret, token)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((provider, options) =>
      run({ verb: "set", provider, stdin: options.stdin, refs: options.ref })
    );
  keys.command("list")
    .description("every provider's key: source, masked value, fingerprint, age, format check")
    .option("--json", "print JSON", false)
    .action((options) => run({ verb: "list", json: options.json }));
  keys.command("rotate")
    .description("replace a stored key and purge the old one from every backup")
    .argument("<provider>", "provider id")
    .option("--stdin", "read the new key from stdin", false)
    .action((provider, options) => run({ verb: "rotate", provider, stdin: options.stdin }));
  keys.command("remove")
    .description("remove a stored key from the config and every backup")
    .argument("<provider>", "provider id")
    .action((provider) => run({ verb: "remove", provider }));
  return keys;
}

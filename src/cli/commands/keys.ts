/**
 * `omn keys …`: store, list, rotate and remove provider keys. A key is never
 * accepted as a command-line argument: it is read from a hidden prompt on a
 * terminal or from stdin with `--stdin`; or stored as a secret reference
 * (`--ref vault://…`), which is not a secret.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { examples } from "../examples.ts";
import { UsageError } from "../../core/errors.ts";
import type { KeysRequest } from "../../keys/run_keys.ts";

/** Runs a parsed `keys` request. */
export type KeysAction = (request: KeysRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: KeysRequest, context: CliContext): Promise<void> {
  const { runKeys } = await import("../../keys/run_keys.ts");
  await runKeys(request, context);
}

/** Runs one parsed `keys` request in the command's context. */
type RunKeys = (request: KeysRequest) => Promise<void>;

/** `keys` as the root's help lists it: its name, description and arguments. */
export function keysHead() {
  return new Command("keys")
    .description(
      "store, list, rotate, remove, encrypt and revoke provider keys (never from arguments)",
    );
}

/** Declares `keys` and its verbs. */
export function keysCommand(context: CliContext, action: KeysAction = defaultAction) {
  const run = (request: KeysRequest) => action(request, context);
  const keys = keysHead()
    .addHelpText(
      "after",
      `
Keys are read from a hidden prompt on a terminal (omn keys set openai) or stdin
(--stdin), or stored as secret references (--ref vault://secret/openai#api_key).
${examples("omn keys set openai --stdin < openai.key", "omn keys list --json")}`,
    );
  addSetVerb(keys, run);
  addListVerb(keys, run);
  addRotateVerb(keys, run);
  addRemoveVerb(keys, run);
  addEncryptVerb(keys, run);
  addDecryptVerb(keys, run);
  addRevokeVerb(keys, run);
  return keys;
}

/**
 * A word after the provider is a key typed as an argument (argv is visible in
 * process lists and shell history): refused, never echoed, with the forms that work.
 *
 * @throws {UsageError} when `args` holds more than the provider.
 */
function refuseKeyArgument(
  verb: "set" | "rotate",
  provider: string,
  args: readonly string[],
): undefined {
  if (args.length <= 1) return undefined;
  const name = /^[a-z][a-z0-9_-]{0,39}$/.test(provider) ? provider : "PROVIDER";
  throw new UsageError(
    `Cannot take a key as an argument (it would stay in shell history and process lists): ` +
      `pipe it in, printf %s "$KEY" | omn keys ${verb} ${name} --stdin, or run omn keys ${verb} ${name} ` +
      `on a terminal for a hidden prompt; a key already typed into a shell is best rotated`,
  );
}

/** Declares `keys set`. */
function addSetVerb(keys: Command, run: RunKeys): void {
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
    .option(
      "--encrypt",
      "store the key encrypted under a passphrase (OMNIMANCER_PASSPHRASE, or a hidden prompt)",
    )
    .option("--no-encrypt", "store the key in plain text even where keys are encrypted")
    .addHelpText(
      "after",
      examples(
        "omn keys set openai --stdin < openai.key",
        "omn keys set anthropic --stdin < anthropic.key",
        "omn keys set bedrock --stdin < aws-keys.txt (access key id, then secret, one a line)",
      ),
    )
    .allowExcessArguments()
    .action((provider, options, command) =>
      refuseKeyArgument("set", provider, command.args) ?? run({
        verb: "set",
        provider,
        stdin: options.stdin,
        refs: options.ref,
        ...(options.encrypt === undefined ? {} : { encrypt: options.encrypt }),
      })
    );
}

/** Declares `keys list`. */
function addListVerb(keys: Command, run: RunKeys): void {
  keys.command("list")
    .description("every provider's key: source, masked value, fingerprint, age, format check")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn keys list", "omn keys list --json"))
    .action((options) => run({ verb: "list", json: options.json }));
}

/** Declares `keys rotate`. */
function addRotateVerb(keys: Command, run: RunKeys): void {
  keys.command("rotate")
    .description("replace a stored key and purge the old one from every backup")
    .argument("<provider>", "provider id")
    .option("--stdin", "read the new key from stdin", false)
    .option("--encrypt", "store the new key encrypted under a passphrase")
    .option("--no-encrypt", "store the new key in plain text even where keys are encrypted")
    .addHelpText(
      "after",
      examples(
        "omn keys rotate openai --stdin < openai-new.key",
        "omn keys rotate anthropic --stdin < anthropic-new.key",
      ),
    )
    .allowExcessArguments()
    .action((provider, options, command) =>
      refuseKeyArgument("rotate", provider, command.args) ?? run({
        verb: "rotate",
        provider,
        stdin: options.stdin,
        ...(options.encrypt === undefined ? {} : { encrypt: options.encrypt }),
      })
    );
}

/** Declares `keys remove`. */
function addRemoveVerb(keys: Command, run: RunKeys): void {
  keys.command("remove")
    .description("remove a stored key from the config and every backup")
    .argument("<provider>", "provider id")
    .addHelpText("after", examples("omn keys remove anthropic", "omn keys remove bedrock"))
    .action((provider) => run({ verb: "remove", provider }));
}

/** Declares `keys encrypt`. */
function addEncryptVerb(keys: Command, run: RunKeys): void {
  keys.command("encrypt")
    .description(
      "encrypt every stored key under a passphrase, in the config and every backup",
    )
    .addHelpText(
      "after",
      examples(
        'OMNIMANCER_PASSPHRASE="$(cat passphrase.txt)" omn keys encrypt',
        'OMNIMANCER_PASSPHRASE="$(cat passphrase.txt)" omn keys list (source: config (encrypted))',
      ),
    )
    .action(() => run({ verb: "encrypt" }));
}

/** Declares `keys decrypt`. */
function addDecryptVerb(keys: Command, run: RunKeys): void {
  keys.command("decrypt")
    .description("store every encrypted key in plain text again (asks for the passphrase)")
    .addHelpText(
      "after",
      examples(
        'OMNIMANCER_PASSPHRASE="$(cat passphrase.txt)" omn keys decrypt',
        "omn keys decrypt (on a terminal, asks for the passphrase)",
      ),
    )
    .action(() => run({ verb: "decrypt" }));
}

/** Declares `keys revoke`. */
function addRevokeVerb(keys: Command, run: RunKeys): void {
  keys.command("revoke")
    .description(
      "respond to a compromised key: purge it everywhere, record the incident, find its traces",
    )
    .argument("<provider>", "provider id")
    .option("--json", "print the report as JSON", false)
    .addHelpText(
      "after",
      examples(
        "omn keys revoke openai",
        'OPENAI_API_KEY="$(cat openai.key)" omn keys revoke openai --json (reported, not removed)',
      ),
    )
    .action((provider, options) => run({ verb: "revoke", provider, json: options.json }));
}

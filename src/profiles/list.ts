/**
 * `omn profiles list`: the profiles of the config, `default` first.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfigFile, selectedProfile } from "../config/config_access.ts";
import { formatList } from "../core/format_list.ts";
import { hasProfile, profileNames, profileView } from "../config/profile_view.ts";
import type { Config } from "../config/schema.ts";
import { storedKeys } from "./stored_profile_keys.ts";
import { jsonText } from "./_json_text.ts";

/** The inputs of `omn profiles list`. */
export interface ProfilesListOptions {
  json: boolean;
}

/** One row of `omn profiles list`. */
export interface ProfileRow {
  name: string;
  /** Whether this run selected it (`--profile`, `OMNIMANCER_PROFILE`, else `default`). */
  selected: boolean;
  default_provider: string | null;
  /** Every provider configured in the profile. */
  providers: string[];
  /** The providers among them that hold a stored key (or secret reference). */
  keys: string[];
}

/** The rows of `omn profiles list`, `default` first. */
export function profileRows(config: Config, selected: string): ProfileRow[] {
  return profileNames(config).map((name) => {
    const view = profileView(config, name);
    return {
      name,
      selected: name === selected,
      default_provider: view.default_provider ?? null,
      providers: Object.keys(view.providers ?? {}),
      keys: [...storedKeys(config, name).keys()],
    };
  });
}

function formatRows(rows: readonly ProfileRow[], terminal: boolean): string {
  return formatList({
    header: ["", "profile", "default provider", "keys"],
    rows: rows.map((row) => [
      row.selected ? "*" : "",
      row.name,
      row.default_provider ?? "-",
      row.keys.join(", ") || "-",
    ]),
  }, { terminal });
}

/** Lists the profiles, marking the selected one; warns when the selected one does not exist. */
export async function runProfilesList(
  options: ProfilesListOptions,
  context: CliContext,
): Promise<void> {
  const selected = selectedProfile(context);
  const { config } = await readConfigFile(context);
  const rows = profileRows(config, selected.name);
  await context.io.write(
    options.json ? jsonText(rows) : formatRows(rows, context.io.stdoutIsTerminal),
  );
  if (!hasProfile(config, selected.name)) {
    context.io.message(
      "warn",
      `${selected.source} selects the profile "${selected.name}", which does not exist: ` +
        `create it with omn profiles add ${selected.name}`,
    );
  }
}

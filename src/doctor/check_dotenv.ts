/**
 * Doctor: whether `./.env` of the working directory is read, and why not
 * (an untrusted directory, a link, a FIFO, a file too big or another
 * user's).
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { COMMA_IN_PATH, loadWorkingDotenv } from "../credentials/load_working_dotenv.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/** Options of {@linkcode checkDotenv}. */
export interface CheckDotenvOptions {
  cwd: string;
  configDir: string;
  config: Pick<Config, "trusted_directories" | "providers">;
  env: (name: string) => string | undefined;
}

/** The `dotenv` item of the checklist. */
export async function checkDotenv(options: CheckDotenvOptions): Promise<DoctorCheck> {
  const dotenv = await loadWorkingDotenv(options);
  const names = Object.keys(dotenv.secrets);
  if (dotenv.trust !== undefined) {
    return {
      id: "dotenv",
      status: "pass",
      detail: names.length === 0
        ? `./.env has no credentials (${dotenv.trust})`
        : `./.env supplies ${names.join(", ")} (${dotenv.trust})`,
    };
  }
  if (names.length > 0) {
    return {
      id: "dotenv",
      status: "warn",
      detail: `./.env holds ${
        names.join(", ")
      }, unused: "${options.cwd}" is not a trusted directory`,
      fix: "omn trust, if you trust this directory and the keys in its ./.env",
    };
  }
  if (dotenv.warnings.length > 0) {
    return {
      id: "dotenv",
      status: "warn",
      detail: dotenv.warnings[0],
      fix: dotenv.warnings[0] === COMMA_IN_PATH
        ? "run omn from a directory whose path holds no comma, or set the keys another way"
        : "replace ./.env with a regular file of yours, chmod 600, or remove it",
    };
  }
  return { id: "dotenv", status: "pass", detail: "no ./.env credentials here" };
}

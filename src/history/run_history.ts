/**
 * The work of `omn history`: a thin dispatcher to one file per verb (list,
 * show, search, rm, export, purge). Everything printed goes through the
 * redaction module (the files are redacted already when they are written).
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { openHistoryStore } from "./_history_store.ts";
import { type HistoryExportOptions, runHistoryExport } from "./export.ts";
import { type HistoryListOptions, runHistoryList } from "./list.ts";
import { type HistoryPurgeOptions, runHistoryPurge } from "./purge.ts";
import { type HistoryRemoveOptions, runHistoryRemove } from "./remove.ts";
import { type HistoryShowOptions, runHistoryShow } from "./show.ts";

/** The inputs of `omn history search`. */
export interface HistorySearchOptions {
  text: string;
  json: boolean;
}

/** Every `history` verb with its parsed inputs. */
export type HistoryRequest =
  | { verb: "list" } & HistoryListOptions
  | { verb: "show" } & HistoryShowOptions
  | { verb: "search" } & HistorySearchOptions
  | { verb: "rm" } & HistoryRemoveOptions
  | { verb: "export" } & HistoryExportOptions
  | { verb: "purge" } & HistoryPurgeOptions;

/** Runs one `history` request. */
export async function runHistory(request: HistoryRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "list":
      return await runHistoryList(request, context);
    case "show":
      return await runHistoryShow(request, context);
    case "search": {
      const { runHistorySearch } = await import("./run_history_search.ts");
      return await runHistorySearch(request, openHistoryStore(context).store, context.io);
    }
    case "rm":
      return await runHistoryRemove(request, context);
    case "export":
      return await runHistoryExport(request, context);
    case "purge":
      return await runHistoryPurge(request, context);
  }
}

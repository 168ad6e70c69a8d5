/**
 * Credentials: which variables hold them, where they are looked up and in
 * what order, which shapes are accepted, and how old stored keys are.
 *
 * @module
 */

export * from "../permissions/provider_credentials.ts";
export * from "./key_formats.ts";
export * from "./load_dotenv.ts";
export * from "./resolve_credentials.ts";
export * from "./register_resolved_secrets.ts";
export * from "./require_credentials.ts";
export * from "./key_age.ts";

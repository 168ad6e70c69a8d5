/**
 * Google Vertex AI (Gemini models), with a service-account key.
 *
 * The model is the AI SDK's Google language model (`@ai-sdk/google/internal`,
 * the class `@ai-sdk/google-vertex` itself wraps) over the Vertex endpoint.
 * The OAuth token comes from omn's own exchange (`google_access_token.ts`),
 * because the package's edge entry posts to a fixed token URL with the global
 * fetch, around the secure fetch and its allowlist.
 *
 * @module
 */
import { GoogleLanguageModel } from "@ai-sdk/google/internal";
import { RefusalError } from "../core/errors.ts";
import { parseServiceAccount } from "../secrets/google_access_token.ts";
import { createAccessTokenSource, withAccessToken } from "./vertex_token.ts";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";
import { quoteName } from "../security/quote_input.ts";

const LOCATION = /^(global|[a-z]+(-[a-z]+)+\d+)$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Reads the key from `GOOGLE_APPLICATION_CREDENTIALS` where the permission set allows. */
async function readKeyFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new RefusalError(
        `Cannot read the service account key "${path}": omn may read only its config directory and ./.env; ` +
          `pass the key's JSON text in OMNIMANCER_VERTEX_SERVICE_ACCOUNT (in CI: OMNIMANCER_VERTEX_SERVICE_ACCOUNT="$(cat "${path}")"), ` +
          `or store it once with omn keys set vertex --stdin < "${path}"`,
      );
    }
    throw new RefusalError(
      `Cannot read the service account key "${path}": ${(error as Error).message}`,
    );
  }
}

/** The Vertex endpoint for a project and location, after checking both. */
export function vertexEndpoint(project: string | undefined, location: string | undefined): string {
  if (!location) {
    throw new RefusalError(
      "Vertex AI needs a location: omn config set providers.vertex.location us-central1",
    );
  }
  if (!LOCATION.test(location)) {
    throw new RefusalError(
      `Invalid Vertex location ${quoteName(location)}: expected a location such as us-central1`,
    );
  }
  if (!project) {
    throw new RefusalError(
      "Vertex AI needs a project: omn config set providers.vertex.project PROJECT_ID",
    );
  }
  if (!PROJECT.test(project)) {
    throw new RefusalError(`Invalid Google Cloud project id ${quoteName(project)}`);
  }
  const host = location === "global"
    ? "aiplatform.googleapis.com"
    : `${location}-aiplatform.googleapis.com`;
  return `https://${host}/v1beta1/projects/${project}/locations/${location}/publishers/google`;
}

/** Creates a Vertex Gemini model. */
export const createVertexModel: CreateLanguageModel = async (setup) => {
  const inline = credential(setup, "service_account");
  const path = credential(setup, "credentials_file");
  const account = parseServiceAccount(inline ?? await readKeyFile(path!));
  const project = setup.entry?.project ?? account.project_id;
  const endpoint = vertexEndpoint(project, setup.entry?.location);
  // Refreshed before it expires and once on a 401: a session may outlast the token's hour.
  const tokens = createAccessTokenSource(account, setup.fetch);
  return new GoogleLanguageModel(setup.modelId, {
    provider: "google.vertex.chat",
    baseURL: setup.baseUrl ?? endpoint,
    headers: () => ({}),
    fetch: withAccessToken(tokens, setup.fetch),
    generateId: () => crypto.randomUUID(),
  });
};

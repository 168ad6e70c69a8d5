/**
 * A secret resolver for tests: the environment from a record, and manager
 * credentials that a test may leave unset (then asking for them fails).
 *
 * @module
 */
import type { AwsManagerCredentials } from "../../src/secrets/aws_secrets_manager.ts";
import type { GcpServiceAccountSource } from "../../src/secrets/gcp_secret_manager.ts";
import {
  createSecretResolver,
  type SecretManagerSettings,
  type SecretResolver,
} from "../../src/secrets/resolve_secret_ref.ts";

/** What a test resolver is made of. */
export interface TestResolverOptions {
  env?: Record<string, string>;
  settings?: SecretManagerSettings;
  aws?: AwsManagerCredentials;
  gcp?: GcpServiceAccountSource;
  fetch?: typeof fetch;
}

/** A resolver over the given environment and credentials. */
export function testResolver(options: TestResolverOptions = {}): SecretResolver {
  return createSecretResolver({
    env: (name) => options.env?.[name],
    settings: options.settings,
    awsCredentials: () => {
      if (options.aws === undefined) throw new Error("no AWS access keys (test)");
      return options.aws;
    },
    gcpServiceAccount: () => {
      if (options.gcp === undefined) return Promise.reject(new Error("no service account (test)"));
      return Promise.resolve(options.gcp);
    },
    timeoutMs: 5_000,
    fetch: options.fetch,
  });
}

/** The message of the refusal a promise rejects with (asserting it is exit 3). */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const { RefusalError } = await import("../../src/core/errors.ts");
  try {
    await promise;
  } catch (error) {
    if (error instanceof RefusalError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

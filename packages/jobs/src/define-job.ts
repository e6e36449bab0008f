/**
 * @module define-job
 * A job definition is data: a name, a payload schema, a retry policy and a
 * timeout. Handlers live in apps/worker and are registered against these.
 */
import type { z } from "zod";

export interface JobRetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** Seconds before the first retry. */
  delaySeconds: number;
  /** Double the delay after each retry. */
  backoff: boolean;
}

export interface JobDefinition<TPayload extends z.ZodType = z.ZodType> {
  name: string;
  /** What the job is, in a few words, for the UI and the CLI. */
  title: string;
  payload: TPayload;
  retry: JobRetryPolicy;
  /**
   * Seconds an attempt may run before pg-boss considers its worker dead and
   * retries it. A killed worker's job becomes visible again after this.
   */
  timeoutSeconds: number;
}

export function defineJob<TPayload extends z.ZodType>(
  definition: JobDefinition<TPayload>,
): JobDefinition<TPayload> {
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(definition.name)) {
    throw new RangeError(`name must be dotted kebab-case, got "${definition.name}"`);
  }
  if (definition.timeoutSeconds < 1) {
    throw new RangeError(`timeoutSeconds must be at least 1, got ${definition.timeoutSeconds}`);
  }
  return definition;
}

export type JobPayload<TDef extends JobDefinition> = z.infer<TDef["payload"]>;

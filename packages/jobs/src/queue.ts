/**
 * @module queue
 * pg-boss on the application's Postgres, in its own schema.
 */
import PgBoss from "pg-boss";
import { JOB_CATALOG } from "./catalog.ts";

export type Queue = PgBoss;

export interface StartQueueOptions {
  /**
   * Run pg-boss maintenance (expiring jobs of dead workers, retention). Workers do;
   * the web app only sends.
   * @default false
   */
  supervise?: boolean;
  /**
   * Seconds between maintenance runs; bounds how late a dead worker's job is retried.
   * @default 60
   */
  maintenanceIntervalSeconds?: number;
  /**
   * Connection pool size.
   * @default 4
   */
  poolSize?: number;
}

export const QUEUE_SCHEMA = "pgboss";

export async function startQueue(
  connectionString: string,
  options: StartQueueOptions = {},
): Promise<Queue> {
  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    max: options.poolSize ?? 4,
    supervise: options.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    application_name: "myoscope",
  });
  boss.on("error", (error) => console.error("[queue]", error));
  await boss.start();
  for (const definition of JOB_CATALOG) {
    const queue = {
      name: definition.name,
      retryLimit: definition.retry.limit,
      retryDelay: definition.retry.delaySeconds,
      retryBackoff: definition.retry.backoff,
      expireInSeconds: definition.timeoutSeconds,
    };
    await retryOnDeadlock(async () => {
      if (await boss.getQueue(definition.name)) await boss.updateQueue(definition.name, queue);
      else await boss.createQueue(definition.name, queue);
    });
  }
  return boss;
}

/**
 * Processes that start at the same moment (web and worker under `npm start`, or
 * parallel test files) register the same queues at once, and pg-boss's queue
 * table inserts can deadlock each other. Postgres aborts one side; registering
 * is idempotent, so that side simply tries again.
 */
async function retryOnDeadlock(register: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await register();
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== "40P01" || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * @module client
 * Creates Prisma clients over node-postgres. The generated client runs Prisma's
 * WebAssembly query compiler (`engineType = "client"`), so no native engine is needed.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "@prisma/client";

export type Db = PrismaClient;
/** A client or an interactive transaction: query functions accept either. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;

export interface CreateDbOptions {
  /**
   * Maximum pooled connections.
   * @default 10
   */
  poolSize?: number;
}

export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}

/** Runs `fn` in one interactive transaction, the only way this codebase opens one. */
export function withTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  return db.$transaction(fn, { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000 });
}

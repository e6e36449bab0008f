/**
 * @module users
 */

import type { Prisma } from "@prisma/client";
import type { DbOrTx, Tx } from "./client.ts";

export const userSelect = {
  id: true,
  email: true,
  name: true,
  isAdmin: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type UserDto = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** Only for verifying a password; never send this DTO to a client. */
export interface UserCredentialsDto {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserDto | null> {
  return db.user.findUnique({ where: { id }, select: userSelect });
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserDto | null> {
  return db.user.findUnique({ where: { email: normalizeEmail(email) }, select: userSelect });
}

export async function findUserCredentials(
  db: DbOrTx,
  email: string,
): Promise<UserCredentialsDto | null> {
  return db.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

/**
 * Inserts a user; the first user of an installation becomes admin. The advisory
 * lock makes "first" well defined when two sign-ups race.
 */
export async function insertUser(
  tx: Tx,
  input: { email: string; name: string; passwordHash: string | null },
): Promise<UserDto> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7270736901)`;
  const isFirst = (await tx.user.count()) === 0;
  return tx.user.create({
    data: {
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.passwordHash,
      isAdmin: isFirst,
    },
    select: userSelect,
  });
}

export async function findUserByOAuthAccount(
  db: DbOrTx,
  provider: string,
  providerAccountId: string,
): Promise<UserDto | null> {
  const account = await db.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { user: { select: userSelect } },
  });
  return account?.user ?? null;
}

export async function linkOAuthAccount(
  db: DbOrTx,
  input: { userId: string; provider: string; providerAccountId: string },
): Promise<void> {
  await db.oAuthAccount.upsert({
    where: {
      provider_providerAccountId: {
        provider: input.provider,
        providerAccountId: input.providerAccountId,
      },
    },
    create: input,
    update: {},
    select: { id: true },
  });
}

export async function hasAnyUser(db: DbOrTx): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

import { type Db, withTransaction } from "@myoscope/db/client";
import {
  findUserByEmail,
  findUserByOAuthAccount,
  insertUser,
  linkOAuthAccount,
  type UserDto,
} from "@myoscope/db/users";

/**
 * Finds or creates the user behind an OAuth identity. An identity whose
 * provider verified the email is linked to an existing account with that email.
 */
export async function resolveOAuthUser(
  db: Db,
  input: {
    provider: string;
    providerAccountId: string;
    email: string;
    name: string;
    isEmailVerified: boolean;
  },
): Promise<UserDto | null> {
  const linked = await findUserByOAuthAccount(db, input.provider, input.providerAccountId);
  if (linked) return linked;
  return withTransaction(db, async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    if (existing && !input.isEmailVerified) return null;
    const user =
      existing ??
      (await insertUser(tx, { email: input.email, name: input.name, passwordHash: null }));
    await linkOAuthAccount(tx, {
      userId: user.id,
      provider: input.provider,
      providerAccountId: input.providerAccountId,
    });
    return user;
  });
}

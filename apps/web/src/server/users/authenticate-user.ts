import type { DbOrTx } from "@myoscope/db/client";
import { findUserCredentials } from "@myoscope/db/users";
import { verifyPassword } from "../auth/password.ts";

// Compared against when the email is unknown, so both paths take bcrypt's time.
const DUMMY_HASH = "$2b$12$P8XnyyI06fefGl1LAzI1wO4vFxLeCYhBEy3yo7WgORTQ8j26anITi";

/** Returns the user for a correct email and password, else null. */
export async function authenticateUser(
  db: DbOrTx,
  input: { email: string; password: string },
): Promise<{ id: string; email: string; name: string } | null> {
  const user = await findUserCredentials(db, input.email);
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user?.passwordHash || !isValid) return null;
  return { id: user.id, email: user.email, name: user.name };
}

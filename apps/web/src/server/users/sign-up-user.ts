import { AppError } from "@myoscope/core/errors/app-error";
import { type Db, withTransaction } from "@myoscope/db/client";
import { insertOrganization } from "@myoscope/db/organizations";
import { findUserByEmail, insertUser, type UserDto } from "@myoscope/db/users";
import { hashPassword } from "../auth/password.ts";
import { pickFreeOrganizationSlug } from "../organizations/create-organization.ts";

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  /** The user's lab or institution; created with the user as its owner. */
  organizationName: string;
}

/**
 * Creates a user with a bcrypt-hashed password and their organization. The
 * first user of a fresh installation becomes admin.
 */
export async function signUpUser(db: Db, input: SignUpInput): Promise<UserDto> {
  if (await findUserByEmail(db, input.email)) {
    throw new AppError("CONFLICT", "an account with this email already exists");
  }
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (tx) => {
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
    const slug = await pickFreeOrganizationSlug(tx, input.organizationName);
    await insertOrganization(tx, { name: input.organizationName.trim(), slug, ownerId: user.id });
    return user;
  }).catch((error: unknown) => {
    // Two sign-ups with one email racing: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "an account with this email already exists");
    }
    throw error;
  });
}

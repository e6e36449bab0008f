import "server-only";
import { AppError } from "@myoscope/core/errors/app-error";
import { findUserById, type UserDto } from "@myoscope/db/users";
import { auth } from "../auth/auth.ts";
import { getDb } from "../services.ts";

export async function requireUser(): Promise<UserDto> {
  const session = await auth();
  const user = session?.user?.id ? await findUserById(getDb(), session.user.id) : null;
  if (!user) throw new AppError("UNAUTHORIZED", "sign in first");
  return user;
}

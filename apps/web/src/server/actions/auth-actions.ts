"use server";

import { isAppError } from "@myoscope/core/errors/app-error";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "../auth/auth.ts";
import { PASSWORD_MIN_LENGTH } from "../auth/password.ts";
import { getDb } from "../services.ts";
import { signUpUser } from "../users/sign-up-user.ts";

export interface FormState {
  error: string | null;
}

function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/projects";
}

export async function signInAction(_state: FormState, form: FormData): Promise<FormState> {
  try {
    await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirectTo: safeNext(form.get("next")),
    });
    return { error: null };
  } catch (error) {
    if (error instanceof AuthError) return { error: "Wrong email or password." };
    throw error; // Next's redirect is thrown, too
  }
}

const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120),
  email: z.email("Enter a valid email address").max(254),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `The password needs at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(200),
  organizationName: z.string().trim().min(2, "Enter your lab or institution").max(120),
});

export async function signUpAction(_state: FormState, form: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid input" };
  try {
    await signUpUser(getDb(), parsed.data);
  } catch (error) {
    if (isAppError(error)) return { error: error.message };
    throw error;
  }
  await signIn("credentials", {
    email: parsed.data.email,
    password: parsed.data.password,
    redirectTo: safeNext(form.get("next")),
  });
  return { error: null };
}

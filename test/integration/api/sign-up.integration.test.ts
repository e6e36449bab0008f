import { AppError } from "@myoscope/core/errors/app-error";
import { authenticateUser } from "@myoscope/web/server/users/authenticate-user";
import { signUpUser } from "@myoscope/web/server/users/sign-up-user";
import { describe, expect, it } from "vitest";
import { getTestDb } from "../../support/db.ts";
import { createUniqueSuffix } from "../../support/factories.ts";

describe("signUpUser / authenticateUser", () => {
  it("stores a bcrypt hash, never the password, and signs in with it", async () => {
    const db = getTestDb();
    const email = `Sign.Up-${createUniqueSuffix()}@Test.local`;
    const user = await signUpUser(db, {
      email,
      name: "Ana",
      password: "correct horse",
      organizationName: "Lab",
    });
    expect(user.email).toBe(email.toLowerCase());
    const row = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { passwordHash: true },
    });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    await expect(authenticateUser(db, { email, password: "correct horse" })).resolves.toMatchObject(
      { id: user.id },
    );
    await expect(authenticateUser(db, { email, password: "wrong horse" })).resolves.toBeNull();
    await expect(
      authenticateUser(db, { email: "nobody@test.local", password: "x" }),
    ).resolves.toBeNull();
  });

  it("refuses a second account with the same email", async () => {
    const db = getTestDb();
    const email = `dup-${createUniqueSuffix()}@test.local`;
    await signUpUser(db, { email, name: "A", password: "password1", organizationName: "Lab" });
    await expect(
      signUpUser(db, { email, name: "B", password: "password2", organizationName: "Lab" }),
    ).rejects.toThrow(new AppError("CONFLICT", "an account with this email already exists"));
  });
});

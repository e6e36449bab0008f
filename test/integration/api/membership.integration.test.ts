import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { getTestDb } from "../../support/db.ts";
import { createTestProject, createTestUser } from "../../support/factories.ts";
import { createTestCaller, createTestDeps } from "../../support/trpc-caller.ts";

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("project membership", () => {
  it("lets a user of another organization join by invite link with the invited role", async () => {
    const db = getTestDb();
    const owner = await createTestUser(db);
    const reviewer = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    // The reviewer belongs to a lab of their own.
    await createTestCaller(reviewer.id).user.createOrganization({ name: "Other Institute" });

    const { token } = await createTestCaller(owner.id).member.invite({
      projectId: project.id,
      email: reviewer.email.toUpperCase(),
      role: "rater",
    });
    const reviewerCaller = createTestCaller(reviewer.id);
    await expect(reviewerCaller.user.pendingInvites()).resolves.toHaveLength(1);
    await expect(reviewerCaller.user.acceptInvite({ token })).resolves.toEqual({
      projectId: project.id,
    });

    const fetched = await reviewerCaller.project.get({ projectId: project.id });
    expect(fetched.role).toBe("rater");
    const orgs = await reviewerCaller.user.organizations();
    expect(orgs.map((o) => o.name)).toEqual(
      expect.arrayContaining(["Other Institute", project.organization.name]),
    );
    // A rater cannot add subjects, and is told which role it would take.
    const error = await errorOf(
      reviewerCaller.subject.create({ projectId: project.id, identifier: "R-1" }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("this action needs the editor role or higher; you are rater");
    // The link works once.
    expect((await errorOf(reviewerCaller.user.acceptInvite({ token }))).code).toBe("CONFLICT");
  });

  it("refuses an invite to anyone but its addressee", async () => {
    const db = getTestDb();
    const owner = await createTestUser(db);
    const stranger = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    const { token } = await createTestCaller(owner.id).member.invite({
      projectId: project.id,
      email: "someone-else@test.local",
      role: "editor",
    });
    const error = await errorOf(createTestCaller(stranger.id).user.acceptInvite({ token }));
    expect(error.code).toBe("NOT_FOUND");
    expect(
      await db.projectMember.count({ where: { projectId: project.id, userId: stranger.id } }),
    ).toBe(0);
  });

  it("never lets a project lose its last owner", async () => {
    const db = getTestDb();
    const owner = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    const caller = createTestCaller(owner.id);
    const [me] = await caller.member.list({ projectId: project.id });
    if (!me) throw new Error("owner missing");
    const demote = await errorOf(
      caller.member.changeRole({ projectId: project.id, memberId: me.id, role: "viewer" }),
    );
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toBe("a project needs at least one owner");
    expect(
      (await errorOf(caller.member.remove({ projectId: project.id, memberId: me.id }))).code,
    ).toBe("CONFLICT");
    expect((await caller.member.list({ projectId: project.id }))[0]?.role).toBe("owner");
  });

  it("answers an unknown project id with NOT_FOUND and creates nothing", async () => {
    const db = getTestDb();
    const user = await createTestUser(db);
    const before = await db.subject.count();
    const error = await errorOf(
      createTestCaller(user.id).subject.create({ projectId: "no-such-project", identifier: "A" }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await db.subject.count()).toBe(before);
  });

  it("rejects a zero or negative pixel size on a section edit and keeps the old value", async () => {
    const db = getTestDb();
    const owner = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    const caller = createTestCaller(owner.id);
    const subject = await caller.subject.create({
      projectId: project.id,
      identifier: "S-1",
      group: "WT",
    });
    const section = await db.section.create({
      data: {
        projectId: project.id,
        subjectId: subject.id,
        name: "s",
        storageKey: "k",
        originalFilename: "s.png",
        mimeType: "image/png",
        byteSize: 1n,
        sha256: "0",
        pixelSizeUm: 0.65,
        uploadedById: owner.id,
      },
      select: { id: true },
    });
    for (const pixelSizeUm of [0, -0.3]) {
      const error = await errorOf(
        caller.section.update({ projectId: project.id, sectionId: section.id, pixelSizeUm }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain(
        `pixelSizeUm must be greater than 0 µm/px, got ${pixelSizeUm}`,
      );
    }
    const after = await caller.section.get({ projectId: project.id, sectionId: section.id });
    expect(after.pixelSizeUm).toBe(0.65);
  });

  it("rejects a duplicate subject identifier with CONFLICT", async () => {
    const db = getTestDb();
    const owner = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    const caller = createTestCaller(owner.id);
    await caller.subject.create({ projectId: project.id, identifier: "WT-01", group: "WT" });
    const error = await errorOf(
      caller.subject.create({ projectId: project.id, identifier: "WT-01" }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(await db.subject.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("deletes a project with its subjects and stored files when its owner asks", async () => {
    const db = getTestDb();
    const deps = createTestDeps();
    const owner = await createTestUser(db);
    const project = await createTestProject(db, { ownerId: owner.id });
    const caller = createTestCaller(owner.id, deps);
    await caller.subject.create({ projectId: project.id, identifier: "GONE-1" });
    const key = `projects/${project.id}/sections/s1/original.png`;
    await deps.storage.put(key, Buffer.from("png bytes"));

    await caller.project.delete({ projectId: project.id });

    expect(await db.project.count({ where: { id: project.id } })).toBe(0);
    expect(await db.subject.count({ where: { projectId: project.id } })).toBe(0);
    expect(await deps.storage.exists(key)).toBe(false);
    expect((await errorOf(caller.project.get({ projectId: project.id }))).code).toBe("NOT_FOUND");
  });
});

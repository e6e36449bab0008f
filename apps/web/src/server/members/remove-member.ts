import { AppError } from "@myoscope/core/errors/app-error";
import { type Db, withTransaction } from "@myoscope/db/client";
import { countOwners, deleteMember, findMember } from "@myoscope/db/members";

/** Removes a member; a project never loses its last owner. */
export async function removeMember(
  db: Db,
  input: { projectId: string; memberId: string },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    const member = await findMember(tx, input);
    if (!member) throw new AppError("NOT_FOUND", "member not found");
    if (member.role === "owner" && (await countOwners(tx, input.projectId)) <= 1) {
      throw new AppError("CONFLICT", "a project needs at least one owner");
    }
    await deleteMember(tx, member.id);
  });
}

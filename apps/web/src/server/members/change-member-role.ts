import type { ProjectRole } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import { type Db, withTransaction } from "@myoscope/db/client";
import { countOwners, findMember, type MemberDto, updateMemberRole } from "@myoscope/db/members";

/** Changes a member's role; a project never loses its last owner. */
export async function changeMemberRole(
  db: Db,
  input: { projectId: string; memberId: string; role: ProjectRole },
): Promise<MemberDto> {
  return withTransaction(db, async (tx) => {
    const member = await findMember(tx, input);
    if (!member) throw new AppError("NOT_FOUND", "member not found");
    if (
      member.role === "owner" &&
      input.role !== "owner" &&
      (await countOwners(tx, input.projectId)) <= 1
    ) {
      throw new AppError("CONFLICT", "a project needs at least one owner");
    }
    return updateMemberRole(tx, { memberId: member.id, role: input.role });
  });
}

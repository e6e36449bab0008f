import { slugify } from "@myoscope/core/text/slugify";
import { type Db, withTransaction } from "@myoscope/db/client";
import {
  insertOrganization,
  isOrganizationSlugTaken,
  type OrganizationDto,
} from "@myoscope/db/organizations";

export async function createOrganization(
  db: Db,
  input: { name: string; ownerId: string },
): Promise<OrganizationDto> {
  return withTransaction(db, async (tx) => {
    const base = slugify(input.name);
    let slug = base;
    for (let n = 2; await isOrganizationSlugTaken(tx, slug); n++) slug = `${base}-${n}`;
    return insertOrganization(tx, { name: input.name.trim(), slug, ownerId: input.ownerId });
  });
}

import { slugify } from "@myoscope/core/text/slugify";
import { type Db, type DbOrTx, withTransaction } from "@myoscope/db/client";
import {
  insertOrganization,
  isOrganizationSlugTaken,
  type OrganizationDto,
} from "@myoscope/db/organizations";

/** The organization name's slug, suffixed -2, -3, … until it is free. */
export async function pickFreeOrganizationSlug(db: DbOrTx, name: string): Promise<string> {
  const base = slugify(name);
  let slug = base;
  for (let n = 2; await isOrganizationSlugTaken(db, slug); n++) slug = `${base}-${n}`;
  return slug;
}

export async function createOrganization(
  db: Db,
  input: { name: string; ownerId: string },
): Promise<OrganizationDto> {
  return withTransaction(db, async (tx) => {
    const slug = await pickFreeOrganizationSlug(tx, input.name);
    return insertOrganization(tx, { name: input.name.trim(), slug, ownerId: input.ownerId });
  });
}

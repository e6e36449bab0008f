import { describe, expect, it } from "vitest";
import { hasRoleAtLeast, isProjectRole, PROJECT_ROLES } from "./project-role.ts";

describe("hasRoleAtLeast(role, minRole)", () => {
  it("grants every role to an owner", () => {
    for (const minRole of PROJECT_ROLES) expect(hasRoleAtLeast("owner", minRole)).toBe(true);
  });

  it("grants a viewer only viewer rights", () => {
    expect(PROJECT_ROLES.filter((r) => hasRoleAtLeast("viewer", r))).toEqual(["viewer"]);
  });

  it("orders owner > editor > annotator > rater > viewer", () => {
    expect(hasRoleAtLeast("editor", "annotator")).toBe(true);
    expect(hasRoleAtLeast("annotator", "editor")).toBe(false);
    expect(hasRoleAtLeast("annotator", "rater")).toBe(true);
    expect(hasRoleAtLeast("rater", "annotator")).toBe(false);
    expect(hasRoleAtLeast("rater", "viewer")).toBe(true);
  });
});

describe("isProjectRole(value)", () => {
  it("accepts the five roles and rejects anything else", () => {
    expect(PROJECT_ROLES.every(isProjectRole)).toBe(true);
    expect(isProjectRole("admin")).toBe(false);
    expect(isProjectRole(3)).toBe(false);
  });
});

/**
 * @module surveys/read-survey-design
 * Reads for the designer (owner/editor): the survey list, one survey's design,
 * and the choices the design form offers. The letter of each panel (the
 * blinding key) is withheld here until the survey is unblinded.
 */
import { hasRoleAtLeast, isProjectRole } from "@myoscope/core/auth/project-role";
import { AppError } from "@myoscope/core/errors/app-error";
import { listMembers } from "@myoscope/db/members";
import { listSections } from "@myoscope/db/sections";
import {
  deleteSurveyDraft,
  findSurvey,
  findSurveyDesign,
  listSucceededRuns,
  listSurveyAnnotations,
  listSurveyEvents,
  listSurveys,
} from "@myoscope/db/surveys";
import type { AppDeps } from "../deps.ts";

export function listProjectSurveys(deps: Pick<AppDeps, "db">, input: { projectId: string }) {
  return listSurveys(deps.db, input.projectId);
}

export async function getSurveyDesign(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; surveyId: string },
) {
  const survey = await findSurvey(deps.db, input);
  const design = await findSurveyDesign(deps.db, input);
  if (!survey || !design) throw new AppError("NOT_FOUND", "survey not found");
  const isUnblinded = survey.unblindedAt !== null;
  return {
    ...survey,
    arms: design.arms,
    raters: design.raters.map((r) => ({
      userId: r.userId,
      name: r.user.name,
      email: r.user.email,
    })),
    items: design.items.map(({ panels, ...item }) => ({
      ...item,
      panels: panels.map((p) => ({
        armId: p.armId,
        runId: p.runId,
        letter: isUnblinded ? p.letter : null,
      })),
    })),
    events: await listSurveyEvents(deps.db, survey.id),
  };
}

export async function getSurveyFormOptions(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string },
) {
  const [sections, annotations, runs, members] = await Promise.all([
    listSections(deps.db, { projectId: input.projectId }),
    listSurveyAnnotations(deps.db, { projectId: input.projectId }),
    listSucceededRuns(deps.db, { projectId: input.projectId }),
    listMembers(deps.db, input.projectId),
  ]);
  const regions = annotations.filter((a) => a.kind === "region");
  return {
    sections: sections.map((s) => ({ id: s.id, name: s.name, pixelSizeUm: s.pixelSizeUm })),
    rois: annotations
      .filter((a) => a.kind === "roi")
      .map((a) => ({
        id: a.id,
        sectionId: a.sectionId,
        label: a.label,
        box: { x: a.minX, y: a.minY, width: a.maxX - a.minX, height: a.maxY - a.minY },
      })),
    regionLabels: [...new Set(regions.map((r) => r.label).filter((l) => l !== ""))].sort(),
    runs: runs.map((r) => ({
      id: r.id,
      sectionId: r.sectionId,
      createdAt: r.createdAt,
      model: r.model,
    })),
    raters: members
      .filter((m) => isProjectRole(m.role) && hasRoleAtLeast(m.role, "rater"))
      .map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
  };
}

export async function removeSurveyDraft(
  deps: Pick<AppDeps, "db">,
  input: { projectId: string; surveyId: string },
): Promise<void> {
  const survey = await findSurvey(deps.db, input);
  if (!survey) throw new AppError("NOT_FOUND", "survey not found");
  if (!(await deleteSurveyDraft(deps.db, input))) {
    throw new AppError("CONFLICT", "only a draft survey can be deleted");
  }
}

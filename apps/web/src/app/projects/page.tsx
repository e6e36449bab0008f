import { requireSessionUserId } from "~/server/auth/require-session";
import { ProjectsView } from "./projects-view";

export default async function ProjectsPage() {
  await requireSessionUserId("/projects");
  return <ProjectsView />;
}

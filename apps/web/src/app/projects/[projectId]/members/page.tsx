import { MembersView } from "./members-view";

export default async function MembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <MembersView projectId={projectId} />;
}

import { CompareView } from "./compare-view";

export default async function CompareDatasetsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ runs?: string }>;
}) {
  const { projectId } = await params;
  const { runs } = await searchParams;
  const initialRunIds = typeof runs === "string" ? runs.split(",").filter(Boolean) : [];
  return <CompareView projectId={projectId} initialRunIds={initialRunIds} />;
}

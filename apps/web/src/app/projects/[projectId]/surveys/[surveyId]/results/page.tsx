import { ResultsView } from "./results-view";

export default async function SurveyResultsPage({
  params,
}: {
  params: Promise<{ projectId: string; surveyId: string }>;
}) {
  const { projectId, surveyId } = await params;
  return <ResultsView projectId={projectId} surveyId={surveyId} />;
}

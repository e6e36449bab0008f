import { RateView } from "./rate-view";

export default async function RateSurveyPage({
  params,
}: {
  params: Promise<{ projectId: string; surveyId: string }>;
}) {
  const { projectId, surveyId } = await params;
  return <RateView projectId={projectId} surveyId={surveyId} />;
}

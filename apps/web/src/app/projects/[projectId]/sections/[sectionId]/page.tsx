import { Suspense } from "react";
import { SectionViewer } from "~/components/viewer/section-viewer";

/** The section viewer; query params: run, overlay, feature, lo, hi, x, y, w, h (see CONTRACTS.md). */
export default async function SectionViewerPage({
  params,
}: {
  params: Promise<{ projectId: string; sectionId: string }>;
}) {
  const { projectId, sectionId } = await params;
  return (
    // useSearchParams needs a Suspense boundary in a statically analysed page.
    <Suspense fallback={<p className="text-sm text-slate-500">Loading viewer…</p>}>
      <SectionViewer projectId={projectId} sectionId={sectionId} />
    </Suspense>
  );
}

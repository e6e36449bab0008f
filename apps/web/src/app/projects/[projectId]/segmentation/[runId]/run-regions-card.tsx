"use client";

import { useEffect, useState } from "react";
import { Alert, Button, Card } from "~/components/ui";
import { api } from "~/trpc/react";
import { formatArea, formatNumber, formatPercent } from "../segmentation-format";

interface RegionRow {
  name: string;
  muscleAreaUm2: number;
  connectiveFraction: number;
  connectiveThicknessMeanUm: number | null;
  fiberCount: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `summary.regions` (CONTRACTS.md), whole section first, read defensively. */
function readRegions(summary: Record<string, unknown> | null): RegionRow[] {
  const regions = summary && isRecord(summary.regions) ? summary.regions : {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return Object.entries(regions)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, stats]) => ({
      name,
      muscleAreaUm2: num(stats.muscleAreaUm2),
      connectiveFraction: num(stats.connectiveFraction),
      connectiveThicknessMeanUm:
        typeof stats.connectiveThicknessMeanUm === "number"
          ? stats.connectiveThicknessMeanUm
          : null,
      fiberCount: num(stats.fiberCount),
    }))
    .sort((a, b) => (a.name === "" ? -1 : b.name === "" ? 1 : a.name.localeCompare(b.name)));
}

/** Connective tissue per annotated region, and a button to re-apply changed annotations. */
export function RunRegionsCard({
  projectId,
  sectionId,
  summary,
  onRefreshed,
}: {
  projectId: string;
  sectionId: string;
  summary: Record<string, unknown> | null;
  onRefreshed: () => void;
}) {
  const rows = readRegions(summary);
  const [jobId, setJobId] = useState<string | null>(null);
  const refresh = api.segmentation.refreshRegions.useMutation({
    onSuccess: (job) => setJobId(job.id),
  });
  const job = api.job.get.useQuery(
    { projectId, jobId: jobId ?? "" },
    {
      enabled: jobId !== null,
      refetchInterval: (query) => {
        const status = query.state.data?.status;
        return status === "succeeded" || status === "failed" ? false : 1000;
      },
    },
  );
  const jobStatus = job.data?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload once when the job ends, not on every render's new callback
  useEffect(() => {
    if (jobStatus === "succeeded") onRefreshed();
  }, [jobStatus]);
  const excludedAreaUm2 =
    summary && typeof summary.excludedAreaUm2 === "number" ? summary.excludedAreaUm2 : 0;
  const isWorking =
    refresh.isPending ||
    (jobId !== null && job.data?.status !== "succeeded" && job.data?.status !== "failed");
  return (
    <Card
      title="Regions and exclusions"
      actions={
        <Button
          variant="secondary"
          disabled={isWorking}
          onClick={() => refresh.mutate({ projectId, sectionId })}
        >
          {isWorking ? "Applying annotations…" : "Re-apply annotations"}
        </Button>
      }
    >
      {refresh.error ? <Alert>{refresh.error.message}</Alert> : null}
      {job.data?.status === "failed" ? <Alert>{job.data.error ?? "the job failed"}</Alert> : null}
      <p className="mb-2 text-xs text-slate-600">
        Connective tissue inside the muscle mask, outside exclusions
        {excludedAreaUm2 > 0 ? ` (${formatArea(excludedAreaUm2)} excluded)` : ""}; fibers of the
        Segmentation mask by the region their centroid lies in.
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">
          This run has no per-region results yet; re-apply the annotations.
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="regions-table">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1 font-medium">Region</th>
              <th className="py-1 text-right font-medium">Muscle area</th>
              <th className="py-1 text-right font-medium">Connective tissue</th>
              <th className="py-1 text-right font-medium">Mean thickness</th>
              <th className="py-1 text-right font-medium">Fibers</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {rows.map((row) => (
              <tr key={row.name} className="border-t border-slate-100">
                <td className="py-1">{row.name === "" ? "Whole section" : row.name}</td>
                <td className="py-1 text-right">{formatArea(row.muscleAreaUm2)}</td>
                <td className="py-1 text-right">{formatPercent(row.connectiveFraction)}</td>
                <td className="py-1 text-right">
                  {row.connectiveThicknessMeanUm === null
                    ? "–"
                    : `${formatNumber(row.connectiveThicknessMeanUm, 2)} µm`}
                </td>
                <td className="py-1 text-right">{row.fiberCount.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

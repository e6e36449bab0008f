"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";
import { regionLabel } from "./chart-style";
import { DistributionChart } from "./distribution-chart";
import { FigureCard } from "./figure-card";
import { ScatterChart } from "./scatter-chart";
import { type Column, formatValue, SortableTable } from "./sortable-table";
import { StripChart } from "./strip-chart";
import { SubjectGroupsCard } from "./subject-groups-card";
import { ViolinChart } from "./violin-chart";

type Dashboard = RouterOutputs["cohort"]["dashboard"];
type SectionRow = Dashboard["sections"][number];
type SubjectRow = Dashboard["subjects"][number];
type Comparison = Dashboard["comparisons"][number];

interface QueryState {
  isShapeFilterOnly?: boolean;
  isExclusionsApplied?: boolean;
  isEdgeDropped?: boolean;
  referenceGroup?: string;
  k?: number;
}

const FEATURE_LABELS: Record<string, string> = {
  meanUm: "Mean MinFeret (µm)",
  stdUm: "Std MinFeret (µm)",
  cv: "CV of MinFeret",
  connectiveFraction: "Connective tissue fraction",
  connectiveThicknessMeanUm: "Connective mean local thickness (µm)",
  abnormalFraction: "Abnormal fiber fraction",
};

function formatP(p: number): string {
  if (!Number.isFinite(p)) return "–";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(4);
}

function percent(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

function viewerHref(projectId: string, row: SectionRow): string {
  const params = new URLSearchParams({ run: row.runId, overlay: "abnormal" });
  if (row.lo !== null && row.hi !== null) {
    params.set("lo", row.lo.toFixed(2));
    params.set("hi", row.hi.toFixed(2));
  }
  return `/projects/${projectId}/sections/${row.sectionId}?${params.toString()}`;
}

function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label htmlFor={id} className="inline-flex items-center gap-2 text-sm text-slate-700">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        className="h-4 w-4 accent-eosin-600"
      />
      {label}
    </label>
  );
}

export function CohortView({ projectId }: { projectId: string }) {
  const [query, setQuery] = useState<QueryState>({});
  const [distributionRegion, setDistributionRegion] = useState("");
  const [distributionMode, setDistributionMode] = useState<"histogram" | "ecdf" | "violin">(
    "histogram",
  );
  const utils = api.useUtils();
  const dashboard = api.cohort.dashboard.useQuery(
    { projectId, ...query },
    { placeholderData: (previous) => previous },
  );
  const saveSettings = api.cohort.saveSettings.useMutation({
    onSuccess: () => utils.cohort.dashboard.invalidate(),
  });
  const setAnalysisRun = api.cohort.setAnalysisRun.useMutation({
    onSuccess: () => utils.cohort.dashboard.invalidate(),
  });

  if (dashboard.error) return <Alert>{dashboard.error.message}</Alert>;
  const data = dashboard.data;
  if (!data) return <p className="text-sm text-slate-500">Loading cohort…</p>;

  const csvHref = (table: string) => {
    const params = new URLSearchParams({
      shape: data.filters.isShapeFilterOnly ? "1" : "0",
      exclusions: data.filters.isExclusionsApplied ? "1" : "0",
      dropEdge: data.filters.isEdgeDropped ? "1" : "0",
      ref: data.referenceGroup ?? "",
      k: String(data.k),
    });
    return `/api/projects/${projectId}/cohort/${table}.csv?${params.toString()}`;
  };
  const label = (row: SectionRow) => `${row.sectionName} (${row.subjectIdentifier})`;
  const withValues = data.sections.filter((r) => r.fiberCount > 0);

  const sectionColumns: Column<SectionRow>[] = [
    { key: "section", header: "Section", value: (r) => r.sectionName },
    { key: "subject", header: "Subject", value: (r) => r.subjectIdentifier },
    { key: "group", header: "Group", value: (r) => r.group },
    { key: "region", header: "Region", value: (r) => regionLabel(r.region) },
    { key: "n", header: "Fibers", value: (r) => r.fiberCount, isNumeric: true },
    { key: "mean", header: "Mean µm", value: (r) => r.meanUm, isNumeric: true },
    { key: "std", header: "Std µm", value: (r) => r.stdUm, isNumeric: true },
    {
      key: "cv",
      header: "CV",
      value: (r) => r.cv,
      isNumeric: true,
      render: (r) => formatValue(r.cv, 3),
    },
    { key: "median", header: "Median µm", value: (r) => r.medianUm, isNumeric: true },
    {
      key: "connective",
      header: "Connective",
      value: (r) => r.connectiveFraction,
      isNumeric: true,
      render: (r) => percent(r.connectiveFraction),
    },
    {
      key: "thickness",
      header: "Thickness µm",
      value: (r) => r.connectiveThicknessMeanUm,
      isNumeric: true,
    },
    {
      key: "abnormal",
      header: "Abnormal",
      value: (r) => r.abnormalFraction,
      isNumeric: true,
      render: (r) => percent(r.abnormalFraction),
    },
    {
      key: "viewer",
      header: "Viewer",
      value: () => null,
      render: (r) => (
        <Link
          href={viewerHref(projectId, r)}
          className="text-eosin-700 underline"
          data-testid={`abnormal-link-${r.sectionId}-${r.region || "whole"}`}
        >
          abnormal fibers
        </Link>
      ),
    },
  ];
  const subjectColumns: Column<SubjectRow>[] = [
    { key: "subject", header: "Subject", value: (r) => r.subjectIdentifier },
    { key: "group", header: "Group", value: (r) => r.group },
    { key: "region", header: "Region", value: (r) => regionLabel(r.region) },
    { key: "sections", header: "Sections", value: (r) => r.sectionCount, isNumeric: true },
    { key: "n", header: "Fibers", value: (r) => r.fiberCount, isNumeric: true },
    { key: "mean", header: "Mean µm", value: (r) => r.meanUm, isNumeric: true },
    { key: "std", header: "Std µm", value: (r) => r.stdUm, isNumeric: true },
    {
      key: "connective",
      header: "Connective",
      value: (r) => r.connectiveFraction,
      isNumeric: true,
      render: (r) => percent(r.connectiveFraction),
    },
    {
      key: "thickness",
      header: "Thickness µm",
      value: (r) => r.connectiveThicknessMeanUm,
      isNumeric: true,
    },
    {
      key: "abnormal",
      header: "Abnormal",
      value: (r) => r.abnormalFraction,
      isNumeric: true,
      render: (r) => percent(r.abnormalFraction),
    },
  ];
  const comparisonColumns: Column<Comparison>[] = [
    { key: "region", header: "Region", value: (r) => regionLabel(r.region) },
    {
      key: "feature",
      header: "Per-section value",
      value: (r) => FEATURE_LABELS[r.feature] ?? r.feature,
    },
    { key: "groups", header: "Groups (A vs B)", value: (r) => `${r.groupA} vs ${r.groupB}` },
    { key: "n", header: "n A/B", value: (r) => `${r.nA}/${r.nB}` },
    {
      key: "meanA",
      header: "Mean A",
      value: (r) => r.meanA,
      isNumeric: true,
      render: (r) => formatValue(r.meanA, 3),
    },
    {
      key: "meanB",
      header: "Mean B",
      value: (r) => r.meanB,
      isNumeric: true,
      render: (r) => formatValue(r.meanB, 3),
    },
    {
      key: "welchP",
      header: "Welch p",
      value: (r) => r.welchP,
      isNumeric: true,
      render: (r) => formatP(r.welchP),
    },
    {
      key: "mwP",
      header: "Mann–Whitney p",
      value: (r) => r.mannWhitneyP,
      isNumeric: true,
      render: (r) => `${formatP(r.mannWhitneyP)} (${r.mannWhitneyMethod})`,
    },
    { key: "g", header: "Hedges g", value: (r) => r.hedgesG, isNumeric: true },
    { key: "delta", header: "Cliff's δ", value: (r) => r.cliffsDelta, isNumeric: true },
  ];

  // What the user picked shows at once, before the refetch for it returns.
  const referenceValue = query.referenceGroup || data.referenceGroup || "";
  const distributionSeries = data.distributions
    .filter((d) => d.region === distributionRegion)
    .map((d) => ({ group: d.group, fiberCount: d.fiberCount, histogram: d.histogram }));

  return (
    <div className="flex flex-col gap-6" data-testid="cohort-dashboard">
      <Card title="Cohort analysis">
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-1.5">
            <Checkbox
              id="filter-shape"
              label="Shape Filter fibers only"
              checked={query.isShapeFilterOnly ?? data.filters.isShapeFilterOnly}
              onChange={(v) => setQuery((q) => ({ ...q, isShapeFilterOnly: v }))}
            />
            <Checkbox
              id="filter-exclusions"
              label="Drop fibers in exclusions"
              checked={query.isExclusionsApplied ?? data.filters.isExclusionsApplied}
              onChange={(v) => setQuery((q) => ({ ...q, isExclusionsApplied: v }))}
            />
            <Checkbox
              id="filter-edge"
              label="Drop edge fibers"
              checked={query.isEdgeDropped ?? data.filters.isEdgeDropped}
              onChange={(v) => setQuery((q) => ({ ...q, isEdgeDropped: v }))}
            />
          </div>
          <Field
            label="Reference group"
            htmlFor="reference-group"
            hint="µ and σ per region come from its sections"
          >
            <Select
              id="reference-group"
              value={referenceValue}
              onChange={(event) => setQuery((q) => ({ ...q, referenceGroup: event.target.value }))}
            >
              {data.groups.map((g) => (
                <option key={g} value={g}>
                  {g || "(no group)"}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Abnormal rule k" htmlFor="rule-k" hint="|d − µ_ref| > k·σ_ref">
            <Input
              id="rule-k"
              type="number"
              min={0.5}
              max={10}
              step={0.5}
              value={query.k ?? data.k}
              onChange={(event) => {
                const k = Number(event.target.value);
                if (k > 0 && k <= 10) setQuery((q) => ({ ...q, k }));
              }}
              className="w-20"
            />
          </Field>
          <Button
            variant="secondary"
            disabled={saveSettings.isPending}
            onClick={() =>
              saveSettings.mutate({
                projectId,
                referenceGroup: referenceValue,
                k: data.k,
                ...data.filters,
              })
            }
          >
            Save as project defaults
          </Button>
          {dashboard.isFetching ? <span className="text-xs text-slate-500">updating…</span> : null}
        </div>
        {saveSettings.error ? <Alert>{saveSettings.error.message}</Alert> : null}
        {saveSettings.isSuccess ? (
          <Alert kind="info">Saved as this project's defaults.</Alert>
        ) : null}
        <p className="mt-3 text-xs text-slate-500" data-testid="cohort-summary">
          {data.cohortSections.length} sections in {data.groups.length} groups;{" "}
          {data.cohortSections.filter((s) => s.runId).length} with a finished segmentation.
          Reference {data.referenceGroup ?? "–"}:{" "}
          {data.reference
            .map(
              (r) => `${regionLabel(r.region)} µ=${r.meanUm.toFixed(2)} σ=${r.stdUm.toFixed(2)} µm`,
            )
            .join("; ") || "no fibers yet"}
          .
        </p>
      </Card>

      {data.cohortSections.length === 0 ? (
        <Alert kind="info">
          No sections yet. Upload sections, assign subjects to groups and run a segmentation to fill
          the dashboard.
        </Alert>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        <FigureCard
          title="Fiber diameter: mean vs standard deviation per section (Fig. 6b)"
          name="mean-vs-std"
          csvHref={csvHref("sections")}
          caption="One point per section and region; colour = group, marker = region."
        >
          <ScatterChart
            testId="mean-std-scatter"
            points={withValues
              .filter((r) => r.meanUm !== null && r.stdUm !== null)
              .map((r) => ({
                key: `${r.sectionId}|${r.region}`,
                x: r.meanUm ?? 0,
                y: r.stdUm ?? 0,
                group: r.group,
                region: r.region,
                label: label(r),
              }))}
            groups={data.groups}
            regions={data.regions}
            referenceGroup={data.referenceGroup}
            xLabel="mean MinFeret (µm)"
            yLabel="std-dev. MinFeret (µm)"
            ariaLabel="Mean versus standard deviation of fiber diameter per section"
          />
        </FigureCard>

        <FigureCard
          title="Connective tissue per section and region (Fig. 6c)"
          name="connective-tissue"
          csvHref={csvHref("sections")}
          caption="Fraction of the muscle area that is connective tissue vs its mean local thickness."
        >
          <ScatterChart
            testId="connective-scatter"
            points={data.sections
              .filter((r) => r.connectiveFraction !== null && r.connectiveThicknessMeanUm !== null)
              .map((r) => ({
                key: `${r.sectionId}|${r.region}`,
                x: r.connectiveFraction ?? 0,
                y: r.connectiveThicknessMeanUm ?? 0,
                group: r.group,
                region: r.region,
                label: label(r),
              }))}
            groups={data.groups}
            regions={data.regions}
            referenceGroup={data.referenceGroup}
            xLabel="connective tissue fraction"
            yLabel="mean local thickness (µm)"
            ariaLabel="Connective tissue fraction and mean local thickness per section"
          />
        </FigureCard>

        <FigureCard
          title="Diameter distributions per group"
          name={`distribution-${distributionMode}`}
          csvHref={csvHref("distributions")}
          caption="Merged 0.5 µm MinFeret histograms of every section of a group."
        >
          <div className="mb-2 flex flex-wrap gap-3">
            <Select
              aria-label="Distribution region"
              value={distributionRegion}
              onChange={(event) => setDistributionRegion(event.target.value)}
            >
              {data.regions.map((r) => (
                <option key={r} value={r}>
                  {regionLabel(r)}
                </option>
              ))}
            </Select>
            <Select
              aria-label="Distribution view"
              value={distributionMode}
              onChange={(event) =>
                setDistributionMode(event.target.value as "histogram" | "ecdf" | "violin")
              }
            >
              <option value="histogram">Histogram</option>
              <option value="ecdf">ECDF</option>
              <option value="violin">Violin</option>
            </Select>
          </div>
          {distributionMode === "violin" ? (
            <ViolinChart
              testId="distribution-chart"
              series={distributionSeries}
              groups={data.groups}
              referenceGroup={data.referenceGroup}
              binWidthUm={data.binWidthUm}
              ariaLabel="Fiber diameter distribution per group"
            />
          ) : (
            <DistributionChart
              testId="distribution-chart"
              series={distributionSeries}
              groups={data.groups}
              referenceGroup={data.referenceGroup}
              binWidthUm={data.binWidthUm}
              mode={distributionMode}
              ariaLabel="Fiber diameter distribution per group"
            />
          )}
          <p className="mt-1 text-xs text-slate-500">
            {data.distributions
              .filter((d) => d.region === distributionRegion)
              .map(
                (d) =>
                  `${d.group}: median ${d.medianUm.toFixed(1)} µm (IQR ${d.q25Um.toFixed(1)}–${d.q75Um.toFixed(1)})`,
              )
              .join(" · ")}
          </p>
        </FigureCard>

        <FigureCard
          title={`Abnormal fibers per section (|d − µ_ref| > ${data.k}σ_ref)`}
          name="abnormal-fractions"
          csvHref={csvHref("sections")}
          caption="Open a section from the table below to see its small and large fibers in the viewer."
        >
          <StripChart
            testId="abnormal-strip"
            points={withValues
              .filter((r) => r.abnormalFraction !== null)
              .map((r) => ({
                key: `${r.sectionId}|${r.region}`,
                group: r.group,
                region: r.region,
                value: r.abnormalFraction ?? 0,
                label: label(r),
              }))}
            groups={data.groups}
            regions={data.regions}
            referenceGroup={data.referenceGroup}
            yLabel="abnormal fibers"
            ariaLabel="Abnormal fiber fraction per section"
            asPercent
          />
        </FigureCard>
      </div>

      <FigureCard
        title="Group comparisons on per-section values"
        name="comparisons"
        csvHref={csvHref("comparisons")}
        hasFigure={false}
        caption="Welch's t-test and Mann–Whitney U (exact for small samples without ties) on one value per section; Hedges' g and Cliff's δ of group B against the reference A."
      >
        <SortableTable
          testId="comparison-table"
          rows={data.comparisons}
          columns={comparisonColumns}
          rowKey={(r) => `${r.region}|${r.feature}|${r.groupB}`}
        />
      </FigureCard>

      <FigureCard
        title="Linear separability (leave one subject out)"
        name="separability"
        csvHref={csvHref("separability")}
        hasFigure={false}
        caption="Fisher LDA trained on the other subjects' sections, tested on the held-out subject's sections."
      >
        <table className="w-full text-left text-xs" data-testid="separability-table">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="px-2 py-1">Region</th>
              <th className="px-2 py-1">Groups</th>
              <th className="px-2 py-1">Features</th>
              <th className="px-2 py-1 text-right">Accuracy</th>
              <th className="px-2 py-1 text-right">Sections</th>
              <th className="px-2 py-1 text-right">Subjects</th>
            </tr>
          </thead>
          <tbody>
            {data.separability.map((s) => (
              <tr
                key={`${s.region}|${s.groupB}|${s.featureSet}`}
                className="border-b border-slate-100"
              >
                <td className="px-2 py-1">{regionLabel(s.region)}</td>
                <td className="px-2 py-1">
                  {s.groupA} vs {s.groupB}
                </td>
                <td className="px-2 py-1">
                  {s.featureSet === "diameter"
                    ? "mean + std of MinFeret"
                    : "connective mean local thickness"}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {(s.accuracy * 100).toFixed(0)}%
                </td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {s.correct}/{s.total}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{s.folds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </FigureCard>

      <FigureCard
        title="Per-section summary"
        name="sections"
        csvHref={csvHref("sections")}
        hasFigure={false}
      >
        <SortableTable
          testId="section-table"
          rows={data.sections}
          columns={sectionColumns}
          rowKey={(r) => `${r.sectionId}|${r.region}`}
          initialSort="group"
        />
      </FigureCard>

      <FigureCard
        title="Per-subject summary"
        name="subjects"
        csvHref={csvHref("subjects")}
        hasFigure={false}
      >
        <SortableTable
          testId="subject-table"
          rows={data.subjects}
          columns={subjectColumns}
          rowKey={(r) => `${r.subjectId}|${r.region}`}
          initialSort="group"
        />
      </FigureCard>

      <SubjectGroupsCard projectId={projectId} />

      <Card title="Segmentation run per section">
        <p className="mb-2 text-xs text-slate-500">
          Which run counts in the statistics (editors). Subject groups are edited on the project
          page.
        </p>
        {setAnalysisRun.error ? <Alert>{setAnalysisRun.error.message}</Alert> : null}
        <div className="grid gap-2 md:grid-cols-2">
          {data.cohortSections.map((s) => {
            const options = data.runOptions.filter((r) => r.sectionId === s.sectionId);
            return (
              <div key={s.sectionId} className="flex items-center justify-between gap-2 text-xs">
                <span className="truncate">
                  {s.sectionName}{" "}
                  <span className="text-slate-500">
                    ({s.subjectIdentifier}, {s.group || "no group"})
                  </span>
                </span>
                <Select
                  aria-label={`Analysis run of ${s.sectionName}`}
                  value={s.analysisRunId ?? ""}
                  disabled={setAnalysisRun.isPending || options.length === 0}
                  onChange={(event) =>
                    setAnalysisRun.mutate({
                      projectId,
                      sectionId: s.sectionId,
                      runId: event.target.value || null,
                    })
                  }
                >
                  <option value="">
                    {options.length ? "Latest succeeded run" : "No finished run"}
                  </option>
                  {options.map((r) => (
                    <option key={r.runId} value={r.runId}>
                      {r.modelName} · {r.finishedAt ? new Date(r.finishedAt).toLocaleString() : "?"}{" "}
                      · {r.fiberCount ?? 0} fibers
                    </option>
                  ))}
                </Select>
              </div>
            );
          })}
        </div>
      </Card>
    </div>
  );
}

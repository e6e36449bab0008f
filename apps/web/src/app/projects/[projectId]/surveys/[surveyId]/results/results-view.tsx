"use client";

import Link from "next/link";
import { Alert, Button, Card } from "~/components/ui";
import { api } from "~/trpc/react";
import { DivergingBarChart, formatP } from "./diverging-bar-chart";

const CHART_ID = "survey-chart";

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

function readChartSvg(): string | null {
  const svg = document.getElementById(CHART_ID);
  return svg ? new XMLSerializer().serializeToString(svg) : null;
}

function exportSvg(name: string) {
  const text = readChartSvg();
  if (text) download(new Blob([text], { type: "image/svg+xml" }), `${name}.svg`);
}

function exportPng(name: string) {
  const text = readChartSvg();
  const svg = document.getElementById(CHART_ID) as SVGSVGElement | null;
  if (!text || !svg) return;
  const box = svg.viewBox.baseVal;
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    // Twice the chart's own size, for print.
    canvas.width = box.width * 2;
    canvas.height = box.height * 2;
    const context = canvas.getContext("2d");
    if (!context) return;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      if (blob) download(blob, `${name}.png`);
    }, "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

function formatNumber(value: number | null, digits = 3): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

export function ResultsView({ projectId, surveyId }: { projectId: string; surveyId: string }) {
  const project = api.project.get.useQuery({ projectId });
  const results = api.survey.results.useQuery({ projectId, surveyId }, { retry: false });
  const utils = api.useUtils();
  const refresh = () => utils.survey.results.invalidate({ projectId, surveyId });
  const close = api.survey.close.useMutation({ onSuccess: refresh });
  const unblind = api.survey.unblind.useMutation({ onSuccess: refresh });

  if (results.error) return <Alert>{results.error.message}</Alert>;
  const data = results.data;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  const { survey } = data;
  const rater = new Map(data.raters.map((r) => [r.id, r.name]));
  const arm = new Map(data.arms.map((a) => [a.id, a.label]));
  // Holm adjustment only changes anything when several arms share one reference.
  const hasSeveralComparisons = data.arms.length > 2;
  const fileName = `survey-${survey.name.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
  const exportBase = `/api/projects/${projectId}/surveys/${surveyId}/export`;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold text-slate-900">{survey.name}: results</h2>
        <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs" data-testid="results-status">
          {survey.status}
          {data.isUnblinded ? " · unblinded" : " · blinded"}
        </span>
        <span className="text-xs text-slate-500">seed {survey.seed}</span>
        {survey.status === "open" ? (
          <Button variant="secondary" onClick={() => close.mutate({ projectId, surveyId })}>
            Close survey
          </Button>
        ) : null}
        {survey.status === "closed" && !data.isUnblinded && project.data?.role === "owner" ? (
          <Button onClick={() => unblind.mutate({ projectId, surveyId })}>Unblind</Button>
        ) : null}
        <Link className="text-sm text-eosin-700 underline" href={`/projects/${projectId}/surveys`}>
          All surveys
        </Link>
      </div>
      {close.error ? <Alert>{close.error.message}</Alert> : null}
      {unblind.error ? <Alert>{unblind.error.message}</Alert> : null}
      {!data.isUnblinded ? (
        <Alert kind="info">
          Blinded: arms are shown as Arm 1, Arm 2, … until the owner unblinds the closed survey.
        </Alert>
      ) : null}

      <Card
        title="Grades per category, rater and arm"
        actions={
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => exportSvg(fileName)}>
              Export SVG
            </Button>
            <Button variant="secondary" onClick={() => exportPng(fileName)}>
              Export PNG
            </Button>
          </div>
        }
      >
        <DivergingBarChart results={data} id={CHART_ID} />
      </Card>

      <Card
        title="Paired tests (each arm against the first)"
        actions={
          <div className="flex gap-3 text-sm">
            <a className="text-eosin-700 underline" href={`${exportBase}/grades.csv`}>
              Grades CSV
            </a>
            <a className="text-eosin-700 underline" href={`${exportBase}/statistics.csv`}>
              Statistics CSV
            </a>
          </div>
        }
      >
        <table className="w-full text-left text-sm" data-testid="p-values">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Category</th>
              <th>Rater</th>
              <th>Arm vs reference</th>
              <th>n</th>
              <th>Mean difference</th>
              <th>Paired t p</th>
              <th>Wilcoxon p</th>
              {hasSeveralComparisons && <th>t p (Holm)</th>}
              {hasSeveralComparisons && <th>Wilcoxon p (Holm)</th>}
            </tr>
          </thead>
          <tbody>
            {data.comparisons.map((c) => (
              <tr
                key={`${c.category}-${c.raterId}-${c.armId}`}
                className="border-t border-slate-100"
              >
                <td className="py-1">{c.category}</td>
                <td>{rater.get(c.raterId)}</td>
                <td>
                  {arm.get(c.armId)} vs {arm.get(c.referenceArmId)}
                </td>
                <td>{c.n}</td>
                <td>{formatNumber(c.meanDifference, 2)}</td>
                <td>{formatP(c.tPValue)}</td>
                <td>{formatP(c.wilcoxonPValue)}</td>
                {hasSeveralComparisons && <td>{formatP(c.tPValueHolm)}</td>}
                {hasSeveralComparisons && <td>{formatP(c.wilcoxonPValueHolm)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">
          Paired Student&apos;s t-test as in the paper; Wilcoxon signed-rank (zero differences
          dropped, normal approximation with tie correction when there are ties) suits ordinal
          grades better. n/a: undefined (no pairs or no variation in the differences).
          {hasSeveralComparisons &&
            " With more than two arms, each arm is compared with the reference and the p-values of each category and rater are also given Holm-adjusted (family-wise error rate)."}
        </p>
      </Card>

      <Card title="Agreement between raters">
        <table className="w-full text-left text-sm" data-testid="agreement">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Category</th>
              <th>Krippendorff α (ordinal)</th>
              <th>Raters</th>
              <th>n</th>
              <th>κ linear</th>
              <th>κ quadratic</th>
            </tr>
          </thead>
          <tbody>
            {data.agreement.flatMap((a) =>
              (a.pairs.length > 0 ? a.pairs : [null]).map((p, i) => (
                <tr
                  key={`${a.category}-${p?.raterA ?? ""}-${p?.raterB ?? ""}`}
                  className="border-t border-slate-100"
                >
                  <td className="py-1">{i === 0 ? a.category : ""}</td>
                  <td>{i === 0 ? formatNumber(a.krippendorffAlpha) : ""}</td>
                  <td>{p ? `${rater.get(p.raterA)} · ${rater.get(p.raterB)}` : "one rater"}</td>
                  <td>{p?.n ?? ""}</td>
                  <td>{p ? formatNumber(p.kappaLinear) : ""}</td>
                  <td>{p ? formatNumber(p.kappaQuadratic) : ""}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Card>

      <Card title="Per ROI">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="roi-table">
            <thead className="uppercase text-slate-500">
              <tr>
                <th className="py-1">ROI</th>
                <th>Section</th>
                {survey.categories.flatMap((c) =>
                  data.raters.map((r) => (
                    <th key={`${c}-${r.id}`}>
                      {c}
                      <br />
                      {r.name}
                    </th>
                  )),
                )}
                <th>Viewer</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => {
                const box = `x=${item.roi.x}&y=${item.roi.y}&w=${item.roi.width}&h=${item.roi.height}`;
                const viewer = `/projects/${projectId}/sections/${item.sectionId}?${box}`;
                return (
                  <tr key={item.id} className="border-t border-slate-100">
                    <td className="py-1">{item.position + 1}</td>
                    <td>{item.sectionName}</td>
                    {survey.categories.flatMap((c) =>
                      data.raters.map((r) => (
                        <td key={`${c}-${r.id}`} className="font-mono">
                          {data.arms
                            .map(
                              (a) =>
                                item.grades.find(
                                  (g) => g.category === c && g.raterId === r.id && g.armId === a.id,
                                )?.grade ?? "–",
                            )
                            .join(" / ")}
                        </td>
                      )),
                    )}
                    <td className="flex flex-wrap gap-2 py-1">
                      {data.isUnblinded ? (
                        data.arms
                          .flatMap((a) => item.panels.filter((p) => p.armId === a.id))
                          .map((p) => (
                            <Link
                              key={p.armId}
                              className="text-eosin-700 underline"
                              href={`${viewer}&run=${p.runId}`}
                            >
                              {arm.get(p.armId)}
                            </Link>
                          ))
                      ) : (
                        <Link className="text-eosin-700 underline" href={viewer}>
                          open
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">
            Grades per cell: {data.arms.map((a) => a.label).join(" / ")}.
          </p>
        </div>
      </Card>
    </div>
  );
}

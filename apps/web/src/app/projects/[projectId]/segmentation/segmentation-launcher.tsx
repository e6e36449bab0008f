"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { parsePostprocessParams } from "@myoscope/core/postprocess/postprocess-params";
import Link from "next/link";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api } from "~/trpc/react";

/** The paper's values, straight from the versioned parameter schema. */
const DEFAULTS = parsePostprocessParams({});

type OverrideKey = "threshold" | "minAreaUm2" | "minCircularity" | "shapeMin" | "shapeMax";

const OVERRIDES: {
  key: OverrideKey;
  label: string;
  hint: string;
  fallback: number;
  step: string;
  min: number;
  max?: number;
}[] = [
  {
    key: "threshold",
    label: "Fiber threshold (0–255)",
    hint: "Fiber probability ×255 at or above which a pixel is fiber",
    fallback: DEFAULTS.fibers.threshold,
    step: "1",
    min: 0,
    max: 255,
  },
  {
    key: "minAreaUm2",
    label: "Minimum fiber area (µm²)",
    hint: "Smaller objects are removed",
    fallback: DEFAULTS.fibers.minAreaUm2,
    step: "any",
    min: 0,
  },
  {
    key: "minCircularity",
    label: "Minimum circularity",
    hint: "Objects below are removed before the muscle mask",
    fallback: DEFAULTS.fibers.minCircularity,
    step: "any",
    min: 0,
    max: 1,
  },
  {
    key: "shapeMin",
    label: "Shape filter: circularity from",
    hint: "Diagnostically relevant fibers",
    fallback: DEFAULTS.shapeFilter.minCircularity,
    step: "any",
    min: 0,
    max: 1,
  },
  {
    key: "shapeMax",
    label: "Shape filter: circularity to",
    hint: "Diagnostically relevant fibers",
    fallback: DEFAULTS.shapeFilter.maxCircularity,
    step: "any",
    min: 0,
    max: 1,
  },
];

/** Only the fields the user changed; the server fills in the rest and records the full set. */
function buildParams(values: Partial<Record<OverrideKey, string>>) {
  const read = (key: OverrideKey) => {
    const text = values[key]?.trim();
    return text ? Number(text) : undefined;
  };
  const fibers = {
    ...(read("threshold") !== undefined && { threshold: read("threshold") }),
    ...(read("minAreaUm2") !== undefined && { minAreaUm2: read("minAreaUm2") }),
    ...(read("minCircularity") !== undefined && { minCircularity: read("minCircularity") }),
  };
  const shapeFilter = {
    ...(read("shapeMin") !== undefined && { minCircularity: read("shapeMin") }),
    ...(read("shapeMax") !== undefined && { maxCircularity: read("shapeMax") }),
  };
  return {
    ...(Object.keys(fibers).length > 0 && { fibers }),
    ...(Object.keys(shapeFilter).length > 0 && { shapeFilter }),
  };
}

export function SegmentationLauncher({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const sections = api.section.list.useQuery({ projectId });
  const models = api.segmentation.models.useQuery({ projectId });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [modelId, setModelId] = useState("");
  const [overrides, setOverrides] = useState<Partial<Record<OverrideKey, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const create = api.segmentation.create.useMutation({
    onSuccess: async (runs) => {
      setSelected(new Set());
      setNotice(`Queued ${runs.length} run${runs.length === 1 ? "" : "s"}.`);
      await utils.segmentation.runs.invalidate({ projectId });
    },
  });

  const defaultModelId = models.data?.find((model) => model.isDefault)?.id ?? "";
  useEffect(() => {
    if (modelId === "" && defaultModelId !== "") setModelId(defaultModelId);
  }, [defaultModelId, modelId]);

  const readyIds = useMemo(
    () => (sections.data ?? []).filter((s) => s.status === "ready").map((s) => s.id),
    [sections.data],
  );

  function toggle(sectionId: string) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(sectionId)) next.delete(sectionId);
      else next.add(sectionId);
      return next;
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    create.mutate({
      projectId,
      sectionIds: [...selected],
      ...(modelId ? { modelId } : {}),
      params: buildParams(overrides),
    });
  }

  if (!canEdit && project.data) {
    return (
      <Alert kind="info">
        Viewers can open the results below; launching a segmentation needs the editor role.
      </Alert>
    );
  }

  const hasModels = (models.data?.length ?? 0) > 0;

  return (
    <Card title="New segmentation">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="New segmentation">
        {sections.error ? <Alert>{sections.error.message}</Alert> : null}
        {models.error ? <Alert>{models.error.message}</Alert> : null}
        {create.error ? <Alert>{create.error.message}</Alert> : null}
        {notice ? <Alert kind="info">{notice}</Alert> : null}
        {models.data && !hasModels ? (
          <Alert kind="info">
            No segmentation model is registered yet.{" "}
            <Link href={`/projects/${projectId}/models`} className="font-medium underline">
              Upload one on the Models page
            </Link>
            .
          </Alert>
        ) : null}

        <fieldset className="flex flex-col gap-2">
          <div className="flex items-center justify-between gap-2">
            <legend className="text-sm font-medium text-slate-700">Sections</legend>
            {readyIds.length > 0 ? (
              <button
                type="button"
                className="text-xs text-eosin-700 hover:underline"
                onClick={() =>
                  setSelected(selected.size === readyIds.length ? new Set() : new Set(readyIds))
                }
              >
                {selected.size === readyIds.length ? "Select none" : "Select all ready"}
              </button>
            ) : null}
          </div>
          {sections.data?.length === 0 ? (
            <p className="text-sm text-slate-600">
              No sections yet; upload one on the{" "}
              <Link href={`/projects/${projectId}`} className="underline">
                Subjects &amp; sections
              </Link>{" "}
              page.
            </p>
          ) : null}
          <ul className="grid max-h-80 gap-2 overflow-y-auto sm:grid-cols-2 lg:grid-cols-3">
            {sections.data?.map((section) => {
              const isReady = section.status === "ready";
              return (
                <li key={section.id}>
                  <label
                    className={`flex items-center gap-2 rounded-md border p-2 text-xs ${selected.has(section.id) ? "border-eosin-500 bg-eosin-50" : "border-slate-200"} ${isReady ? "cursor-pointer" : "opacity-60"}`}
                  >
                    <input
                      type="checkbox"
                      checked={selected.has(section.id)}
                      disabled={!isReady}
                      onChange={() => toggle(section.id)}
                      aria-label={`Segment ${section.name}`}
                    />
                    <span className="flex h-10 w-10 shrink-0 items-center justify-center overflow-hidden rounded bg-slate-100">
                      {section.hasThumbnail ? (
                        // biome-ignore lint/performance/noImgElement: authenticated API image
                        <img
                          src={`/api/projects/${projectId}/sections/${section.id}/thumbnail`}
                          alt=""
                          className="h-full w-full object-cover"
                        />
                      ) : null}
                    </span>
                    <span className="min-w-0">
                      <span className="block truncate font-medium" title={section.name}>
                        {section.name}
                      </span>
                      <span className="block text-slate-500">
                        {section.subject.identifier} · {section.pixelSizeUm} µm/px
                        {isReady ? "" : ` · ${section.status}`}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>

        <div className="grid gap-3 sm:grid-cols-3">
          <Field
            label="Model"
            htmlFor="segmentation-model"
            hint="The project's default is preselected"
          >
            <Select
              id="segmentation-model"
              value={modelId}
              onChange={(event) => setModelId(event.target.value)}
              disabled={!hasModels}
            >
              {models.data?.map((model) => (
                <option key={model.id} value={model.id}>
                  {model.name} {model.version} · {model.mpp} µm/px
                  {model.isBuiltin ? " · built in" : ""}
                  {model.isDefault ? " · default" : ""}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <details className="rounded-md border border-slate-200 p-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-700">
            Post-processing parameters (paper defaults unless changed)
          </summary>
          <div className="mt-3 grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
            {OVERRIDES.map((item) => (
              <Field
                key={item.key}
                label={item.label}
                htmlFor={`param-${item.key}`}
                hint={`${item.hint}; default ${item.fallback}`}
              >
                <Input
                  id={`param-${item.key}`}
                  type="number"
                  step={item.step}
                  min={item.min}
                  max={item.max}
                  placeholder={String(item.fallback)}
                  value={overrides[item.key] ?? ""}
                  onChange={(event) =>
                    setOverrides((previous) => ({ ...previous, [item.key]: event.target.value }))
                  }
                />
              </Field>
            ))}
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Also recorded with every run: muscle mask closing{" "}
            {DEFAULTS.muscleMask.closingIterations} px, hole filling{" "}
            {DEFAULTS.muscleMask.holeAreaPx.toLocaleString()} px², muscle pieces ≥{" "}
            {DEFAULTS.muscleMask.minAreaUm2.toLocaleString()} µm² (parameter set version{" "}
            {DEFAULTS.version}).
          </p>
        </details>

        <div className="flex items-center gap-3">
          <Button type="submit" disabled={selected.size === 0 || !hasModels || create.isPending}>
            {create.isPending
              ? "Queuing…"
              : `Segment ${selected.size} section${selected.size === 1 ? "" : "s"}`}
          </Button>
        </div>
      </form>
    </Card>
  );
}

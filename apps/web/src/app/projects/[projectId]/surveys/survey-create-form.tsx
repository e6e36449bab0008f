"use client";

import {
  DEFAULT_ROI_SIZE_UM,
  DEFAULT_SURVEY_CATEGORIES,
  DEFAULT_SURVEY_SCALE,
} from "@myoscope/core/surveys/survey-defaults";
import { type FormEvent, useMemo, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api } from "~/trpc/react";

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** "M. soleus: 1, M. gastrocnemius: 2" → [{ label, count }] */
function parseRegionCounts(text: string): { label: string; count: number }[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const match = /^(.*?)\s*[:=]\s*(\d+)$/.exec(part);
      return match
        ? { label: match[1] ?? part, count: Number(match[2]) }
        : { label: part, count: 1 };
    });
}

export function SurveyCreateForm({ projectId }: { projectId: string }) {
  const options = api.survey.formOptions.useQuery({ projectId });
  const utils = api.useUtils();
  const [name, setName] = useState("");
  const [instructions, setInstructions] = useState(
    "Grade how well each mask matches the fibers (or connective tissue) inside the dashed ROI.",
  );
  const [categories, setCategories] = useState(DEFAULT_SURVEY_CATEGORIES.join("\n"));
  const [scale, setScale] = useState(DEFAULT_SURVEY_SCALE.join("\n"));
  const [roiIds, setRoiIds] = useState<string[]>([]);
  const [generateSectionIds, setGenerateSectionIds] = useState<string[]>([]);
  const [sizeUm, setSizeUm] = useState(String(DEFAULT_ROI_SIZE_UM));
  const [regionCounts, setRegionCounts] = useState("M. soleus: 1, M. gastrocnemius: 2");
  const [arms, setArms] = useState<{ source: string; name: string }[]>([
    { source: "", name: "" },
    { source: "", name: "" },
  ]);
  const [raterIds, setRaterIds] = useState<string[]>([]);
  const [seed, setSeed] = useState("");
  const create = api.survey.create.useMutation({
    onSuccess: async () => {
      setName("");
      await utils.survey.list.invalidate({ projectId });
    },
  });

  const sectionName = useMemo(
    () => new Map(options.data?.sections.map((s) => [s.id, s.name]) ?? []),
    [options.data],
  );
  const armChoices = useMemo(() => {
    const runs = options.data?.runs ?? [];
    const models = new Map<string, { label: string; sections: Set<string> }>();
    for (const run of runs) {
      const entry = models.get(run.model.id) ?? {
        label: `${run.model.name} ${run.model.version}`,
        sections: new Set<string>(),
      };
      entry.sections.add(run.sectionId);
      models.set(run.model.id, entry);
    }
    return [
      ...[...models].map(([id, m]) => ({
        value: `model:${id}`,
        label: `Model ${m.label} (newest run on each section; ${m.sections.size} sections)`,
      })),
      ...runs.map((run) => ({
        value: `run:${run.id}`,
        label: `Run on ${sectionName.get(run.sectionId) ?? run.sectionId} · ${run.model.name} ${run.model.version} · ${new Date(run.createdAt).toLocaleString()}`,
      })),
    ];
  }, [options.data, sectionName]);

  const toggle = (list: string[], set: (v: string[]) => void, id: string) =>
    set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      projectId,
      name,
      instructions,
      categories: lines(categories),
      scale: lines(scale),
      raterIds,
      roiAnnotationIds: roiIds,
      generate:
        generateSectionIds.length > 0
          ? {
              sectionIds: generateSectionIds,
              sizeUm: Number(sizeUm),
              regions: parseRegionCounts(regionCounts),
            }
          : null,
      arms: arms.map((arm) => {
        const [kind, id = ""] = arm.source.split(":");
        return {
          ...(arm.name.trim() ? { name: arm.name.trim() } : {}),
          ...(kind === "model" ? { modelId: id } : { runIds: id ? [id] : [] }),
        };
      }),
      ...(seed.trim() ? { seed: Number(seed) } : {}),
    });
  }

  return (
    <Card title="Design a survey">
      {options.error ? <Alert>{options.error.message}</Alert> : null}
      <form onSubmit={submit} aria-label="Design a survey" className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Survey name" htmlFor="survey-name">
            <Input
              id="survey-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
            />
          </Field>
          <Field label="Seed" htmlFor="survey-seed" hint="Empty: drawn at random and recorded">
            <Input
              id="survey-seed"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </Field>
          <Field label="Instructions" htmlFor="survey-instructions">
            <textarea
              id="survey-instructions"
              className="min-h-28 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
              value={instructions}
              onChange={(e) => setInstructions(e.target.value)}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Categories (one per line)" htmlFor="survey-categories">
              <textarea
                id="survey-categories"
                className="min-h-28 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
                value={categories}
                onChange={(e) => setCategories(e.target.value)}
              />
            </Field>
            <Field label="Scale, worst first" htmlFor="survey-scale">
              <textarea
                id="survey-scale"
                className="min-h-28 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
                value={scale}
                onChange={(e) => setScale(e.target.value)}
              />
            </Field>
          </div>
        </div>

        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-700">ROIs from annotations</legend>
          {options.data?.rois.length === 0 ? (
            <p className="text-xs text-slate-500">
              No ROI annotations yet (draw them in the viewer).
            </p>
          ) : null}
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {options.data?.rois.map((roi) => (
              <label key={roi.id} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={roiIds.includes(roi.id)}
                  onChange={() => toggle(roiIds, setRoiIds, roi.id)}
                />
                {roi.label || "ROI"} · {sectionName.get(roi.sectionId) ?? roi.sectionId}
              </label>
            ))}
          </div>
          {options.data && options.data.rois.length > 0 ? (
            <Button
              type="button"
              variant="secondary"
              className="self-start"
              onClick={() => setRoiIds(options.data?.rois.map((r) => r.id) ?? [])}
            >
              Select all ROIs
            </Button>
          ) : null}
        </fieldset>

        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-700">
            Or generate square ROIs inside named regions
          </legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {options.data?.sections.map((section) => (
              <label key={section.id} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={generateSectionIds.includes(section.id)}
                  onChange={() => toggle(generateSectionIds, setGenerateSectionIds, section.id)}
                />
                {section.name}
              </label>
            ))}
          </div>
          <div className="grid gap-3 md:grid-cols-2">
            <Field label="ROI size (µm)" htmlFor="survey-roi-size">
              <Input
                id="survey-roi-size"
                inputMode="decimal"
                value={sizeUm}
                onChange={(e) => setSizeUm(e.target.value)}
              />
            </Field>
            <Field
              label="ROIs per region"
              htmlFor="survey-region-counts"
              hint={`Regions drawn in this project: ${options.data?.regionLabels.join(", ") || "none"}`}
            >
              <Input
                id="survey-region-counts"
                value={regionCounts}
                onChange={(e) => setRegionCounts(e.target.value)}
              />
            </Field>
          </div>
        </fieldset>

        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-700">Arms (what is compared)</legend>
          {arms.map((arm, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: arms are positional
            <div key={index} className="grid gap-2 md:grid-cols-[2fr_1fr_auto]">
              <Select
                aria-label={`Arm ${index + 1}`}
                value={arm.source}
                onChange={(e) =>
                  setArms(arms.map((a, i) => (i === index ? { ...a, source: e.target.value } : a)))
                }
                required
              >
                <option value="">Choose a model or run…</option>
                {armChoices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </Select>
              <Input
                aria-label={`Arm ${index + 1} name`}
                placeholder="Name (default: the model)"
                value={arm.name}
                onChange={(e) =>
                  setArms(arms.map((a, i) => (i === index ? { ...a, name: e.target.value } : a)))
                }
              />
              {arms.length > 2 ? (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => setArms(arms.filter((_, i) => i !== index))}
                >
                  Remove
                </Button>
              ) : null}
            </div>
          ))}
          {arms.length < 6 ? (
            <Button
              type="button"
              variant="secondary"
              className="self-start"
              onClick={() => setArms([...arms, { source: "", name: "" }])}
            >
              Add arm
            </Button>
          ) : null}
        </fieldset>

        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium text-slate-700">Raters</legend>
          {options.data?.raters.map((rater) => (
            <label key={rater.userId} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={raterIds.includes(rater.userId)}
                onChange={() => toggle(raterIds, setRaterIds, rater.userId)}
              />
              {rater.name || rater.email} ({rater.email}, {rater.role})
            </label>
          ))}
        </fieldset>

        {create.error ? <Alert>{create.error.message}</Alert> : null}
        {create.data ? (
          <Alert kind="info">
            Draft &ldquo;{create.data.name}&rdquo; saved with {create.data.itemCount} ROIs (seed{" "}
            {create.data.seed}). Open it when ready.
          </Alert>
        ) : null}
        <Button type="submit" className="self-start" disabled={create.isPending}>
          Create draft
        </Button>
      </form>
    </Card>
  );
}

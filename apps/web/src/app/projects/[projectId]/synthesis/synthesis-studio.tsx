"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import Link from "next/link";
import { type FormEvent, useEffect, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import type { SynthesisCatalog } from "~/server/synthesis/describe-synthesis-params";
import { api } from "~/trpc/react";
import { ParamRangeControl } from "./param-range-control";
import { findOverriddenKeys, type RangeValue, toRange } from "./synthesis-format";
import { type PreviewRequest, SynthesisPreview } from "./synthesis-preview";

type PresetName = PreviewRequest["preset"];
type Overrides = Record<string, [number, number]>;

const SIZES = [256, 512, 1024, 2048];

function randomSeed(): number {
  return Math.floor(Math.random() * 100_000);
}

export function SynthesisStudio({
  projectId,
  catalog,
  fromRunId,
}: {
  projectId: string;
  catalog: SynthesisCatalog;
  fromRunId: string | null;
}) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;
  const [preset, setPreset] = useState<PresetName>("he-ffpe");
  const [overrides, setOverrides] = useState<Overrides>({});
  const [previewSeed, setPreviewSeed] = useState(1);
  const presetRanges = catalog.presets[preset] as Record<string, RangeValue>;

  // "Use these settings" on a run page: start from that run's preset and ranges.
  const source = api.synthesis.get.useQuery(
    { projectId, runId: fromRunId ?? "" },
    { enabled: fromRunId !== null, staleTime: Number.POSITIVE_INFINITY },
  );
  const [hasLoadedSource, setLoadedSource] = useState(false);
  useEffect(() => {
    if (!source.data || hasLoadedSource) return;
    const name = source.data.preset as PresetName;
    const base = catalog.presets[name] as Record<string, RangeValue> | undefined;
    if (!base) return;
    const loaded: Overrides = {};
    for (const key of findOverriddenKeys(source.data.ranges, base)) {
      loaded[key] = toRange(source.data.ranges[key] as RangeValue);
    }
    setPreset(name);
    setOverrides(loaded);
    setLoadedSource(true);
  }, [source.data, hasLoadedSource, catalog.presets]);

  function changePreset(name: PresetName) {
    setPreset(name);
    setOverrides({});
  }

  function changeParam(key: string, range: [number, number]) {
    const [min, max] = toRange(presetRanges[key]);
    setOverrides((current) => {
      const next = { ...current };
      if (range[0] === min && range[1] === max) delete next[key];
      else next[key] = range;
      return next;
    });
  }

  function resetParam(key: string) {
    setOverrides((current) => {
      const next = { ...current };
      delete next[key];
      return next;
    });
  }

  const overrideCount = Object.keys(overrides).length;
  const request: PreviewRequest = { preset, overrides, seed: previewSeed };

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,380px)_minmax(0,1fr)]">
      <div className="flex flex-col gap-6 lg:sticky lg:top-4">
        <Card title="Live preview">
          <SynthesisPreview
            projectId={projectId}
            request={request}
            onShuffleSeed={() => setPreviewSeed(randomSeed())}
          />
        </Card>
        {canEdit ? (
          <LaunchRunCard
            projectId={projectId}
            preset={preset}
            overrides={overrides}
            onLaunched={() => utils.synthesis.list.invalidate({ projectId })}
          />
        ) : project.data ? (
          <p className="text-sm text-slate-600">
            Viewers can explore parameters; launching a run needs the editor role.
          </p>
        ) : null}
      </div>

      <Card
        title="Generator parameters"
        actions={
          overrideCount > 0 ? (
            <Button variant="secondary" onClick={() => setOverrides({})}>
              Reset {overrideCount} to preset
            </Button>
          ) : null
        }
      >
        <fieldset className="mb-4">
          <legend className="mb-2 text-sm font-medium text-slate-700">Preset</legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {(Object.keys(catalog.presets) as PresetName[]).map((name) => (
              <label
                key={name}
                className={`flex cursor-pointer flex-col gap-0.5 rounded-md border px-3 py-2 text-sm transition-colors ${preset === name ? "border-eosin-500 bg-eosin-50 ring-1 ring-eosin-500" : "border-slate-200 hover:border-slate-300 hover:bg-slate-50"}`}
              >
                <span className="flex items-center gap-2 font-medium">
                  <input
                    type="radio"
                    name="preset"
                    value={name}
                    checked={preset === name}
                    onChange={() => changePreset(name)}
                    className="accent-eosin-600"
                  />
                  {name}
                </span>
                <span className="text-xs text-slate-500">{catalog.presetDescriptions[name]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <p className="mb-3 text-xs text-slate-500">
          Each image of a run draws every parameter uniformly from its [min, max] range; set min =
          max to fix a value. The grey band marks the preset's range, pink the current one.
        </p>
        <div className="flex flex-col gap-4">
          {catalog.groups
            .filter((group) => group.isPrimary)
            .map((group) => (
              <section key={group.title}>
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                  {group.title}
                </h3>
                <div className="grid gap-x-4 md:grid-cols-2">
                  {group.params.map((info) => (
                    <ParamRangeControl
                      key={info.key}
                      info={info}
                      value={overrides[info.key] ?? presetRanges[info.key]}
                      presetValue={presetRanges[info.key]}
                      onChange={(range) => changeParam(info.key, range)}
                      onReset={() => resetParam(info.key)}
                    />
                  ))}
                </div>
              </section>
            ))}
          <details className="group rounded-md border border-slate-200">
            <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
              More parameters (
              {catalog.groups.filter((g) => !g.isPrimary).reduce((n, g) => n + g.params.length, 0)})
            </summary>
            <div className="flex flex-col gap-4 px-1 pb-3 pt-1">
              {catalog.groups
                .filter((group) => !group.isPrimary)
                .map((group) => (
                  <section key={group.title}>
                    <h3 className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                      {group.title}
                    </h3>
                    <div className="grid gap-x-4 md:grid-cols-2">
                      {group.params.map((info) => (
                        <ParamRangeControl
                          key={info.key}
                          info={info}
                          value={overrides[info.key] ?? presetRanges[info.key]}
                          presetValue={presetRanges[info.key]}
                          onChange={(range) => changeParam(info.key, range)}
                          onReset={() => resetParam(info.key)}
                        />
                      ))}
                    </div>
                  </section>
                ))}
            </div>
          </details>
        </div>
      </Card>
    </div>
  );
}

function LaunchRunCard({
  projectId,
  preset,
  overrides,
  onLaunched,
}: {
  projectId: string;
  preset: PresetName;
  overrides: Overrides;
  onLaunched: () => void;
}) {
  const [seed, setSeed] = useState(42);
  const [launched, setLaunched] = useState<{ id: string; name: string } | null>(null);
  const create = api.synthesis.create.useMutation({
    onSuccess: (run) => {
      setLaunched({ id: run.id, name: run.name });
      onLaunched();
    },
  });
  const overrideCount = Object.keys(overrides).length;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setLaunched(null);
    create.mutate({
      projectId,
      name: String(form.get("name") ?? ""),
      preset,
      overrides,
      count: Number(form.get("count")),
      size: Number(form.get("size")),
      seed,
    });
  }

  return (
    <Card title="Launch a run">
      <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Launch a synthesis run">
        <p className="text-xs text-slate-600">
          Renders a versioned dataset from <span className="font-medium">{preset}</span>
          {overrideCount > 0
            ? ` with ${overrideCount} changed range${overrideCount > 1 ? "s" : ""}`
            : ""}
          . The same settings and seed reproduce every image byte for byte.
        </p>
        {create.error ? <Alert>{create.error.message}</Alert> : null}
        <Field label="Name" htmlFor="run-name" hint="Defaults to preset × count (seed)">
          <Input id="run-name" name="name" maxLength={120} placeholder="e.g. soleus-like FFPE" />
        </Field>
        <div className="grid grid-cols-3 gap-2 [&_input]:w-full [&_input]:min-w-0 [&_select]:w-full">
          <Field label="Images" htmlFor="run-count">
            <Input
              id="run-count"
              name="count"
              type="number"
              min={1}
              max={1000}
              defaultValue={8}
              required
            />
          </Field>
          <Field label="Size (px)" htmlFor="run-size">
            <Select id="run-size" name="size" defaultValue="1024">
              {SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}²
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Seed" htmlFor="run-seed">
            <div className="flex">
              <Input
                id="run-seed"
                type="number"
                min={0}
                max={4294967295}
                value={seed}
                onChange={(event) => setSeed(Number(event.target.value) || 0)}
                required
              />
            </div>
          </Field>
        </div>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Starting…" : "Launch run"}
        </Button>
        {launched ? (
          <Alert kind="info">
            Started{" "}
            <Link
              href={`/projects/${projectId}/synthesis/${launched.id}`}
              className="font-medium underline"
            >
              {launched.name}
            </Link>
            ; its progress shows in the run list below.
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}

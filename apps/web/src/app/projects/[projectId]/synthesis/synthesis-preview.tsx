"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "~/components/ui";
import { api } from "~/trpc/react";
import { formatValue } from "./synthesis-format";
import { useDebouncedValue } from "./use-debounced-value";

/** Big enough to judge texture and packing, small enough to render in well under a second. */
export const PREVIEW_SIZE = 320;
const SCALE_BAR_UM = 50;

export interface PreviewRequest {
  preset: "he-ffpe" | "he-cryo" | "myopathic";
  overrides: Record<string, [number, number]>;
  seed: number;
}

export function SynthesisPreview({
  projectId,
  request,
  onShuffleSeed,
}: {
  projectId: string;
  request: PreviewRequest;
  onShuffleSeed: () => void;
}) {
  const [isMaskShown, setMaskShown] = useState(false);
  const debounced = useDebouncedValue(request, 350);
  const preview = api.synthesis.preview.useQuery(
    { projectId, ...debounced, size: PREVIEW_SIZE },
    {
      placeholderData: keepPreviousData,
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
      retry: false,
    },
  );
  const isPending = preview.isFetching || JSON.stringify(debounced) !== JSON.stringify(request);
  const data = preview.data;
  const mpp = data?.params.mpp;
  const scaleBarPercent = mpp ? (100 * SCALE_BAR_UM) / mpp / PREVIEW_SIZE : 0;

  return (
    <div className="flex flex-col gap-3">
      <div
        className="relative aspect-square w-full overflow-hidden rounded-md bg-slate-100 ring-1 ring-slate-200"
        aria-busy={isPending}
      >
        {data ? (
          <>
            {/* biome-ignore lint/performance/noImgElement: a data URL rendered by the server */}
            <img
              src={data.imageUrl}
              alt={`Synthetic preview, seed ${debounced.seed}`}
              data-testid="synthesis-preview-image"
              className="absolute inset-0 h-full w-full"
            />
            {isMaskShown ? (
              // biome-ignore lint/performance/noImgElement: a data URL rendered by the server
              <img
                src={data.classesUrl}
                alt="Mask overlay: fibers green, boundaries magenta"
                data-testid="synthesis-preview-mask"
                className="absolute inset-0 h-full w-full"
              />
            ) : null}
            {scaleBarPercent > 0 && scaleBarPercent < 80 ? (
              <div
                className="absolute bottom-3 left-3 flex flex-col items-center gap-0.5"
                style={{ width: `${scaleBarPercent}%` }}
                data-testid="synthesis-preview-scale-bar"
              >
                <div className="h-1 w-full rounded-sm bg-white shadow-[0_0_2px_rgba(0,0,0,0.8)]" />
                <span className="text-[10px] font-semibold leading-none text-white [text-shadow:0_0_3px_rgba(0,0,0,0.9)]">
                  {SCALE_BAR_UM} µm
                </span>
              </div>
            ) : null}
          </>
        ) : (
          <div className="flex h-full items-center justify-center text-sm text-slate-500">
            {preview.error ? "No preview" : "Rendering preview…"}
          </div>
        )}
        {isPending && data ? (
          <div className="absolute right-2 top-2 flex items-center gap-1.5 rounded-full bg-white/90 px-2 py-0.5 text-xs text-slate-700 shadow">
            <span className="h-2 w-2 animate-pulse rounded-full bg-eosin-500" />
            rendering…
          </div>
        ) : null}
      </div>
      {preview.error ? <Alert>{preview.error.message}</Alert> : null}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="inline-flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={isMaskShown}
            onChange={(event) => setMaskShown(event.target.checked)}
            className="h-4 w-4 accent-eosin-600"
          />
          Mask overlay
        </label>
        <button
          type="button"
          onClick={onShuffleSeed}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
        >
          <span aria-hidden="true">⟳</span> Shuffle seed
        </button>
        <span className="text-xs text-slate-500">seed {request.seed}</span>
      </div>
      {isMaskShown ? (
        <div className="flex gap-3 text-xs text-slate-600">
          <span className="inline-flex items-center gap-1">
            <span className="h-3 w-3 rounded-sm bg-[rgb(0,200,0)]/60" /> fiber
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="h-3 w-3 rounded-sm bg-[rgb(230,0,200)]" /> boundary
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="h-3 w-3 rounded-sm ring-1 ring-slate-300" /> background
          </span>
        </div>
      ) : null}
      {data ? (
        <dl
          className="grid grid-cols-2 gap-x-4 gap-y-0.5 text-xs text-slate-600"
          data-testid="synthesis-preview-facts"
        >
          <dt>Fibers in crop</dt>
          <dd className="text-right tabular-nums text-slate-900">{data.fiberCount}</dd>
          <dt>Sampled fiber diameter</dt>
          <dd className="text-right tabular-nums text-slate-900">
            {formatValue(data.params.fiberDiameterUm ?? 0)} µm
          </dd>
          <dt>Sampled pixel size</dt>
          <dd className="text-right tabular-nums text-slate-900">
            {formatValue(data.params.mpp ?? 0)} µm/px
          </dd>
          <dt>Rendered in</dt>
          <dd className="text-right tabular-nums text-slate-900">{data.renderMs} ms</dd>
        </dl>
      ) : null}
    </div>
  );
}

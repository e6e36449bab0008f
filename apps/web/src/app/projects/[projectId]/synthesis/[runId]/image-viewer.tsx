"use client";

import { useEffect, useRef, useState } from "react";
import type { RouterOutputs } from "~/trpc/react";
import { CLASS_OVERLAY_RGBA, formatValue } from "../synthesis-format";

type SynthesisImage = RouterOutputs["synthesis"]["images"][number];

/**
 * Colours the 3-class mask (an 8-bit PNG of 0/1/2) into a transparent overlay
 * on a canvas: the PNG's grey values arrive in every RGB channel.
 */
function useClassOverlay(url: string, isEnabled: boolean) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<"idle" | "loading" | "ready" | "error">("idle");
  useEffect(() => {
    if (!isEnabled) return;
    let isCurrent = true;
    setState("loading");
    const image = new Image();
    image.onload = () => {
      const canvas = canvasRef.current;
      if (!isCurrent || !canvas) return;
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (!context) return setState("error");
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      const data = pixels.data;
      for (let o = 0; o < data.length; o += 4) {
        const rgba = CLASS_OVERLAY_RGBA[data[o] ?? 0] ?? CLASS_OVERLAY_RGBA[0];
        data[o] = rgba?.[0] ?? 0;
        data[o + 1] = rgba?.[1] ?? 0;
        data[o + 2] = rgba?.[2] ?? 0;
        data[o + 3] = rgba?.[3] ?? 0;
      }
      context.putImageData(pixels, 0, 0);
      setState("ready");
    };
    image.onerror = () => isCurrent && setState("error");
    image.src = url;
    return () => {
      isCurrent = false;
    };
  }, [url, isEnabled]);
  return { canvasRef, state };
}

export function ImageViewer({
  projectId,
  images,
  index,
  onIndexChange,
  onClose,
}: {
  projectId: string;
  images: SynthesisImage[];
  index: number;
  onIndexChange: (index: number) => void;
  onClose: () => void;
}) {
  const image = images[index];
  const [isMaskShown, setMaskShown] = useState(false);
  const fileUrl = (kind: string) =>
    `/api/projects/${projectId}/synthesis-images/${image?.id ?? ""}/${kind}`;
  const overlay = useClassOverlay(fileUrl("classes"), isMaskShown && image !== undefined);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") onClose();
      if (event.key === "ArrowRight") onIndexChange(Math.min(images.length - 1, index + 1));
      if (event.key === "ArrowLeft") onIndexChange(Math.max(0, index - 1));
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [images.length, index, onClose, onIndexChange]);

  if (!image) return null;
  const params = image.params as Record<string, number>;
  const stats = image.stats as Record<string, number>;
  const facts: [string, string][] = [
    ["Seed", String(image.seed)],
    ["Pixel size", `${formatValue(image.mpp)} µm/px`],
    ["Fibers", String(image.fiberCount)],
    ["Fiber diameter (asked)", `${formatValue(params.fiberDiameterUm ?? 0)} µm`],
    [
      "Fiber diameter (measured)",
      stats.meanEquivalentDiameterUm ? `${formatValue(stats.meanEquivalentDiameterUm)} µm` : "–",
    ],
    [
      "Central nuclei",
      stats.fibersWithCentralNucleusFraction !== undefined
        ? `${Math.round(100 * stats.fibersWithCentralNucleusFraction)} % of fibers`
        : "–",
    ],
    ["Tight contacts", formatValue(params.tightContactFraction ?? 0)],
    ["Blur σ", `${formatValue(params.blurSigmaPx ?? 0)} px`],
  ];

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={`Synthetic image ${image.name}`}
      className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/75 p-4"
      onClick={(event) => event.target === event.currentTarget && onClose()}
      onKeyDown={() => undefined}
    >
      <div className="flex max-h-full w-full max-w-6xl flex-col gap-3 overflow-auto rounded-lg bg-white p-4 shadow-xl lg:flex-row">
        <div className="relative mx-auto aspect-square w-full max-w-[min(80vh,720px)] shrink-0 overflow-hidden rounded bg-slate-100">
          {/* biome-ignore lint/performance/noImgElement: authenticated API image */}
          <img
            src={fileUrl("image")}
            alt={`${image.name} (synthetic)`}
            className="absolute inset-0 h-full w-full"
          />
          <canvas
            ref={overlay.canvasRef}
            data-testid="mask-overlay-canvas"
            data-state={overlay.state}
            className={`absolute inset-0 h-full w-full ${isMaskShown && overlay.state === "ready" ? "" : "hidden"}`}
          />
        </div>
        <div className="flex min-w-56 flex-col gap-3">
          <div className="flex items-start justify-between gap-2">
            <h3 className="break-all text-sm font-semibold">{image.name}</h3>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="rounded px-2 text-lg leading-none text-slate-500 hover:bg-slate-100"
            >
              ×
            </button>
          </div>
          <label className="inline-flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={isMaskShown}
              onChange={(event) => setMaskShown(event.target.checked)}
              className="h-4 w-4 accent-eosin-600"
            />
            Mask overlay
            {overlay.state === "loading" ? (
              <span className="text-xs text-slate-500">loading…</span>
            ) : null}
          </label>
          <div className="flex gap-3 text-xs text-slate-600">
            <span className="inline-flex items-center gap-1">
              <span className="h-3 w-3 rounded-sm bg-[rgb(0,200,0)]/60" /> fiber
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="h-3 w-3 rounded-sm bg-[rgb(230,0,200)]" /> boundary
            </span>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="text-right tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="flex flex-wrap gap-2 text-xs">
            {(["image", "labels", "classes"] as const).map((kind) => (
              <a
                key={kind}
                href={fileUrl(kind)}
                download={`${image.name}${kind === "image" ? "" : `.${kind}`}.png`}
                className="rounded px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
              >
                ↓ {kind}
              </a>
            ))}
          </div>
          <div className="mt-auto flex items-center justify-between gap-2 text-sm">
            <button
              type="button"
              disabled={index === 0}
              onClick={() => onIndexChange(index - 1)}
              className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-40"
            >
              ← Previous
            </button>
            <span className="text-xs text-slate-500">
              {index + 1} / {images.length}
            </span>
            <button
              type="button"
              disabled={index === images.length - 1}
              onClick={() => onIndexChange(index + 1)}
              className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-40"
            >
              Next →
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}

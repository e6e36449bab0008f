"use client";

import { type PointerEvent, useRef, useState, type WheelEvent } from "react";

export interface PanelView {
  zoom: number;
  x: number;
  y: number;
}

export const INITIAL_VIEW: PanelView = { zoom: 1, x: 0, y: 0 };

/**
 * Side-by-side images that pan and zoom together: one view (CSS transform)
 * shared by every panel, so the same tissue is always under the same spot.
 */
export function SyncedPanels({
  panels,
  view,
  onViewChange,
  activeKey,
}: {
  panels: { key: string; title: string; src: string; footer: React.ReactNode }[];
  view: PanelView;
  onViewChange: (view: PanelView) => void;
  activeKey: string | null;
}) {
  const drag = useRef<{ x: number; y: number; view: PanelView } | null>(null);
  const [isDragging, setIsDragging] = useState(false);

  function onWheel(event: WheelEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const zoom = Math.min(8, Math.max(1, view.zoom * (event.deltaY < 0 ? 1.2 : 1 / 1.2)));
    // Keep the point under the cursor fixed while zooming.
    const k = zoom / view.zoom;
    onViewChange(clampView({ zoom, x: px - (px - view.x) * k, y: py - (py - view.y) * k }, rect));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, view };
    setIsDragging(true);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const start = drag.current;
    if (!start) return;
    const rect = event.currentTarget.getBoundingClientRect();
    onViewChange(
      clampView(
        {
          zoom: start.view.zoom,
          x: start.view.x + event.clientX - start.x,
          y: start.view.y + event.clientY - start.y,
        },
        rect,
      ),
    );
  }

  function onPointerUp() {
    drag.current = null;
    setIsDragging(false);
  }

  return (
    <div className="grid gap-4 md:grid-cols-2">
      {panels.map((panel) => (
        <figure
          key={panel.key}
          className={`flex flex-col gap-2 rounded-lg border p-2 ${activeKey === panel.key ? "border-eosin-500 ring-2 ring-eosin-200" : "border-slate-200"}`}
          data-testid={`panel-${panel.title}`}
        >
          <figcaption className="text-center text-2xl font-bold text-slate-800">
            {panel.title}
          </figcaption>
          <div
            className={`relative aspect-square w-full touch-none overflow-hidden rounded bg-slate-900 ${isDragging ? "cursor-grabbing" : "cursor-grab"}`}
            onWheel={onWheel}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          >
            {/* biome-ignore lint/performance/noImgElement: server-rendered crops, no optimisation wanted */}
            <img
              src={panel.src}
              alt={`Mask ${panel.title}`}
              draggable={false}
              className="absolute left-0 top-0 w-full select-none"
              style={{
                transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`,
                transformOrigin: "0 0",
                imageRendering: view.zoom > 2 ? "pixelated" : "auto",
              }}
            />
          </div>
          {panel.footer}
        </figure>
      ))}
    </div>
  );
}

function clampView(view: PanelView, rect: DOMRect): PanelView {
  const minX = rect.width - rect.width * view.zoom;
  const minY = rect.height - rect.height * view.zoom;
  return {
    zoom: view.zoom,
    x: Math.min(0, Math.max(minX, view.x)),
    y: Math.min(0, Math.max(minY, view.y)),
  };
}

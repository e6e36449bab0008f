"use client";

import { type ReactNode, useRef } from "react";
import { Card } from "~/components/ui";
import { downloadPng, downloadSvg } from "./export-figure";

const linkClass =
  "rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100";

/** A dashboard card with CSV (of the table the plot is drawn from), SVG and PNG exports. */
export function FigureCard({
  title,
  name,
  csvHref,
  children,
  caption,
  hasFigure = true,
}: {
  title: string;
  /** File name stem of the exports. */
  name: string;
  csvHref: string;
  children: ReactNode;
  caption?: ReactNode;
  hasFigure?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const svgOf = () => container.current?.querySelector("svg") ?? null;
  return (
    <Card
      title={title}
      actions={
        <div className="flex gap-1.5" data-testid={`exports-${name}`}>
          <a className={linkClass} href={csvHref} download data-testid={`csv-${name}`}>
            CSV
          </a>
          {hasFigure ? (
            <>
              <button
                type="button"
                className={linkClass}
                onClick={() => {
                  const svg = svgOf();
                  if (svg) downloadSvg(svg, `${name}.svg`);
                }}
              >
                SVG
              </button>
              <button
                type="button"
                className={linkClass}
                onClick={() => {
                  const svg = svgOf();
                  if (svg) downloadPng(svg, `${name}.png`);
                }}
              >
                PNG
              </button>
            </>
          ) : null}
        </div>
      }
    >
      <div ref={container}>{children}</div>
      {caption ? <p className="mt-2 text-xs text-slate-500">{caption}</p> : null}
    </Card>
  );
}

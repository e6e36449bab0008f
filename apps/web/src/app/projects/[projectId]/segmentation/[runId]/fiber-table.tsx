"use client";

import type { FiberSortKey as SortKey } from "@myoscope/db/fibers";
import { useState } from "react";
import { Alert } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";
import { formatNumber } from "../segmentation-format";

type Fiber = RouterOutputs["segmentation"]["fibers"][number];

/** Shown rows; the CSV has every fiber. Sorting happens in Postgres over all of them. */
export const FIBER_TABLE_ROWS = 200;

const COLUMNS: { key: SortKey | null; label: string; value: (fiber: Fiber) => string }[] = [
  { key: "label", label: "Label", value: (f) => String(f.label) },
  { key: "areaUm2", label: "Area (µm²)", value: (f) => formatNumber(f.areaUm2, 1) },
  { key: "perimeterUm", label: "Perimeter (µm)", value: (f) => formatNumber(f.perimeterUm, 1) },
  { key: "circularity", label: "Circularity", value: (f) => formatNumber(f.circularity, 3) },
  { key: "feretUm", label: "Feret (µm)", value: (f) => formatNumber(f.feretUm, 1) },
  { key: "minFeretUm", label: "MinFeret (µm)", value: (f) => formatNumber(f.minFeretUm, 1) },
  { key: "aspectRatio", label: "Aspect ratio", value: (f) => formatNumber(f.aspectRatio, 2) },
  { key: "solidity", label: "Solidity", value: (f) => formatNumber(f.solidity, 3) },
  {
    key: null,
    label: "Centroid (px)",
    value: (f) => `${Math.round(f.centroidX)}, ${Math.round(f.centroidY)}`,
  },
  {
    key: null,
    label: "Set",
    value: (f) =>
      !f.inMuscleMask ? "outside muscle" : f.passesShapeFilter ? "shape filter" : "segmentation",
  },
  { key: null, label: "Edge", value: (f) => (f.touchesEdge ? "yes" : "") },
];

export function FiberTable({
  projectId,
  runId,
  total,
}: {
  projectId: string;
  runId: string;
  total: number;
}) {
  const [sortBy, setSortBy] = useState<SortKey>("label");
  const [order, setOrder] = useState<"asc" | "desc">("asc");
  const fibers = api.segmentation.fibers.useQuery(
    { projectId, runId, sortBy, order, limit: FIBER_TABLE_ROWS },
    { placeholderData: (previous) => previous },
  );

  function sortOn(key: SortKey) {
    if (key === sortBy) setOrder(order === "asc" ? "desc" : "asc");
    else {
      setSortBy(key);
      setOrder(key === "label" ? "asc" : "desc");
    }
  }

  return (
    <div className="flex flex-col gap-2">
      {fibers.error ? <Alert>{fibers.error.message}</Alert> : null}
      <p className="text-xs text-slate-500">
        {total > FIBER_TABLE_ROWS
          ? `First ${FIBER_TABLE_ROWS} of ${total.toLocaleString()} fibers in this order; the CSV has all of them.`
          : `${total.toLocaleString()} fibers.`}{" "}
        Click a column to sort.
      </p>
      <div className="max-h-[28rem] overflow-auto rounded-md ring-1 ring-slate-200">
        <table className="w-full text-left text-xs tabular-nums" data-testid="fiber-table">
          <thead className="sticky top-0 bg-slate-50 text-slate-600">
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className="whitespace-nowrap px-2 py-1.5 font-medium"
                  aria-sort={
                    column.key === sortBy
                      ? order === "asc"
                        ? "ascending"
                        : "descending"
                      : undefined
                  }
                >
                  {column.key ? (
                    <button
                      type="button"
                      className="hover:text-eosin-700"
                      onClick={() => column.key && sortOn(column.key)}
                    >
                      {column.label}
                      {column.key === sortBy ? (order === "asc" ? " ▲" : " ▼") : ""}
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {fibers.data?.map((fiber) => (
              <tr key={fiber.label} data-testid="fiber-row">
                {COLUMNS.map((column) => (
                  <td key={column.label} className="whitespace-nowrap px-2 py-1">
                    {column.value(fiber)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

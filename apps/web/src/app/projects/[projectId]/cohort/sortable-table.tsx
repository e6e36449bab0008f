"use client";

import { type ReactNode, useMemo, useState } from "react";

export interface Column<Row> {
  key: string;
  header: string;
  /** Value sorted by; null sorts last. */
  value: (row: Row) => string | number | null;
  render?: (row: Row) => ReactNode;
  isNumeric?: boolean;
}

export function formatValue(value: string | number | null, digits = 2): string {
  if (value === null || (typeof value === "number" && !Number.isFinite(value))) return "–";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toFixed(digits);
}

/** A table whose column headers sort it (click again to reverse). */
export function SortableTable<Row>({
  rows,
  columns,
  rowKey,
  testId,
  initialSort,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  testId?: string;
  initialSort?: string;
}) {
  const [sort, setSort] = useState<{ key: string; isAscending: boolean }>({
    key: initialSort ?? columns[0]?.key ?? "",
    isAscending: true,
  });
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    return [...rows].sort((a, b) => {
      const va = column.value(a);
      const vb = column.value(b);
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
      const order =
        typeof va === "number" && typeof vb === "number"
          ? va - vb
          : String(va).localeCompare(String(vb));
      return sort.isAscending ? order : -order;
    });
  }, [rows, columns, sort]);
  return (
    <div className="max-h-[28rem] overflow-auto">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead className="sticky top-0 bg-white">
          <tr className="border-b border-slate-200">
            {columns.map((c) => (
              <th
                key={c.key}
                className={`px-2 py-1.5 font-medium text-slate-600 ${c.isNumeric ? "text-right" : ""}`}
                aria-sort={
                  sort.key === c.key ? (sort.isAscending ? "ascending" : "descending") : "none"
                }
              >
                <button
                  type="button"
                  className="hover:text-slate-900"
                  onClick={() =>
                    setSort((s) => ({
                      key: c.key,
                      isAscending: s.key === c.key ? !s.isAscending : true,
                    }))
                  }
                >
                  {c.header}
                  {sort.key === c.key ? (sort.isAscending ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-100 hover:bg-slate-50">
              {columns.map((c) => (
                <td
                  key={c.key}
                  className={`px-2 py-1 tabular-nums ${c.isNumeric ? "text-right" : ""}`}
                >
                  {c.render ? c.render(row) : formatValue(c.value(row))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

/**
 * Extracts the whole section or the part in view as a new section at a coarser
 * pixel size (the paper's step from 0.22 µm/px scans to 0.66 µm/px images):
 * `section.extract` inserts the section and its job; the worker does the pixels.
 */
import Link from "next/link";
import { useState } from "react";
import { Alert, Button, Card, Field, Input } from "~/components/ui";
import { api } from "~/trpc/react";
import { mapToPixel } from "./coordinates";
import type { SectionImage, SectionMap } from "./create-section-map";

/** The paper's analysis pixel size; coarser sources default to twice their own. */
const PAPER_PIXEL_SIZE_UM = 0.66;

/** The level-0 pixel rectangle in view, clipped to the image; null when nothing is visible. */
function getVisibleRegion(sectionMap: SectionMap, image: SectionImage) {
  const view = sectionMap.map.getView();
  const size = sectionMap.map.getSize();
  if (!size) return null;
  const [minX, minY, maxX, maxY] = view.calculateExtent(size) as [number, number, number, number];
  const [left, top] = mapToPixel([minX, maxY], image.pixelSizeUm);
  const [right, bottom] = mapToPixel([maxX, minY], image.pixelSizeUm);
  const x = Math.max(0, Math.floor(left));
  const y = Math.max(0, Math.floor(top));
  const width = Math.min(image.width, Math.ceil(right)) - x;
  const height = Math.min(image.height, Math.ceil(bottom)) - y;
  return width >= 1 && height >= 1 ? { x, y, width, height } : null;
}

export function ExtractSectionCard({
  projectId,
  sectionId,
  sectionMap,
  image,
}: {
  projectId: string;
  sectionId: string;
  sectionMap: SectionMap | null;
  image: SectionImage;
}) {
  const utils = api.useUtils();
  const [pixelSizeText, setPixelSizeText] = useState(() =>
    String(
      image.pixelSizeUm < PAPER_PIXEL_SIZE_UM
        ? PAPER_PIXEL_SIZE_UM
        : Number((2 * image.pixelSizeUm).toPrecision(3)),
    ),
  );
  const [isViewOnly, setIsViewOnly] = useState(false);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const extract = api.section.extract.useMutation({
    onSuccess: () => utils.section.list.invalidate({ projectId }),
  });

  const submit = () => {
    setProblem(null);
    const pixelSizeUm = Number(pixelSizeText);
    if (!Number.isFinite(pixelSizeUm) || pixelSizeUm <= 0) {
      setProblem(`Pixel size must be a positive number of µm/px, got "${pixelSizeText}".`);
      return;
    }
    const region = isViewOnly && sectionMap ? getVisibleRegion(sectionMap, image) : null;
    if (isViewOnly && !region) {
      setProblem("Nothing of the section is in view.");
      return;
    }
    extract.mutate({
      projectId,
      sectionId,
      pixelSizeUm,
      ...(region && { region }),
      ...(name.trim() !== "" && { name: name.trim() }),
    });
  };

  const created = extract.data?.section;
  return (
    <Card title="Extract">
      <div className="flex flex-col gap-3 text-sm" data-testid="extract-card">
        <Field label="Pixel size (µm/px)" htmlFor="extract-pixel-size">
          <Input
            id="extract-pixel-size"
            inputMode="decimal"
            value={pixelSizeText}
            onChange={(event) => setPixelSizeText(event.target.value)}
          />
        </Field>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={isViewOnly}
            onChange={(event) => setIsViewOnly(event.target.checked)}
          />
          Only the part in view
        </label>
        <Field label="Name (optional)" htmlFor="extract-name">
          <Input id="extract-name" value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        <Button onClick={submit} disabled={extract.isPending}>
          {extract.isPending ? "Extracting…" : "Extract as a new section"}
        </Button>
        {problem ? <Alert kind="error">{problem}</Alert> : null}
        {extract.error ? <Alert kind="error">{extract.error.message}</Alert> : null}
        {created ? (
          <Alert kind="info">
            <Link
              href={`/projects/${projectId}/sections/${created.id}`}
              className="font-medium hover:underline"
            >
              {created.name}
            </Link>{" "}
            is being made from this section; its progress shows on the project page.
          </Alert>
        ) : null}
        <p className="text-xs text-slate-500">
          Resamples to a coarser pixel size only, as the paper's 0.22 → 0.66 µm/px step.
        </p>
      </div>
    </Card>
  );
}

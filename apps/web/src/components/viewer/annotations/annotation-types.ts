/**
 * @module viewer/annotations/annotation-types
 * Client-side types of the annotation tools.
 */
import type { AnnotationKind } from "@myoscope/core/annotations/annotation-classes";
import type { RouterOutputs } from "~/trpc/react";

export type Annotation = RouterOutputs["annotation"]["list"][number];

export type AnnotationTool = "select" | "polygon" | "rectangle" | "freehand" | "square" | "split";

/** The class the next drawn shape gets. */
export interface DrawClass {
  kind: AnnotationKind;
  label: string;
}

export interface Visibility {
  kinds: Record<AnnotationKind, boolean>;
  /** Author ids switched off. */
  hiddenAuthors: ReadonlySet<string>;
}

/** One step the user can undo: their own create, edit or delete. */
export type UndoEntry =
  | { type: "create"; annotationId: string }
  | {
      type: "update";
      annotationId: string;
      before: Pick<Annotation, "geometry" | "kind" | "label">;
    }
  | { type: "delete"; annotationId: string };

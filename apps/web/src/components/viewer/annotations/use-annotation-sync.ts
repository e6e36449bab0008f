/**
 * @module viewer/annotations/use-annotation-sync
 * Keeps the client's copy of a section's annotations current: one `changes`
 * poll every two seconds (tombstones included), so edits by others appear
 * without reload; local results are merged in at once.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "~/trpc/react";
import { mergeAnnotations } from "./annotation-store.ts";
import type { Annotation } from "./annotation-types.ts";

export const POLL_INTERVAL_MS = 2_000;

export function useAnnotationSync({
  projectId,
  sectionId,
}: {
  projectId: string;
  sectionId: string;
}) {
  const utils = api.useUtils();
  const [annotations, setAnnotations] = useState<ReadonlyMap<string, Annotation>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [isLoaded, setIsLoaded] = useState(false);
  const cursor = useRef(new Date(0));
  const pollNow = useRef<() => void>(() => {});

  const apply = useCallback((rows: readonly Annotation[]) => {
    setAnnotations((known) => mergeAnnotations(known, rows) ?? known);
  }, []);

  useEffect(() => {
    let isStopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    cursor.current = new Date(0);
    setAnnotations(new Map());
    setIsLoaded(false);
    const poll = async () => {
      clearTimeout(timer);
      try {
        const result = await utils.client.annotation.changes.query({
          projectId,
          sectionId,
          since: cursor.current,
        });
        if (isStopped) return;
        cursor.current = result.cursor;
        apply(result.annotations);
        setIsLoaded(true);
        setError(null);
      } catch (e) {
        if (!isStopped) setError(`Could not load annotations: ${(e as Error).message}`);
      }
      if (!isStopped) timer = setTimeout(poll, POLL_INTERVAL_MS);
    };
    pollNow.current = () => void poll();
    void poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [projectId, sectionId, utils, apply]);

  const refresh = useCallback(() => pollNow.current(), []);
  return { annotations, apply, refresh, error, isLoaded };
}

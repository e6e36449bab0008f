/**
 * @module viewer/get-overlay-version
 * An overlay's colours depend on the run's masks (fixed when it finished) and
 * on its fibers' region and exclusion flags, which change each time annotations
 * are re-applied. Both the server's palette cache and the browser's tile cache
 * key on this number, so re-applied regions show at once.
 */

/** The later of the run's finish time and its last re-application of regions, in ms. */
export function getOverlayVersion(run: {
  finishedAt: Date | string | null;
  summary: Record<string, unknown> | null;
}): number {
  const finished = run.finishedAt ? new Date(run.finishedAt).getTime() : 0;
  const applied = run.summary?.regionsAppliedAt;
  return typeof applied === "number" && applied > finished ? applied : finished;
}

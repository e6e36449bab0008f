/**
 * @module jobs/pick-region-fields
 * The region, ROI and exclusion columns of a fiber row from its assignment.
 */
import type { FiberRegionAssignment } from "@myoscope/core/postprocess/assign-section-regions";

export function pickRegionFields(assignment: FiberRegionAssignment | undefined) {
  return {
    regionName: assignment?.regionName ?? null,
    roiId: assignment?.roiId ?? null,
    inExclusion: assignment?.inExclusion ?? false,
  };
}

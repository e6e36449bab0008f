/**
 * @module segmentation/load-segmentation-model
 * The model loader and validator live in `@myoscope/models`, shared with the web
 * app's model upload so both refuse exactly the same files; re-exported here for
 * the segmentation pipeline.
 */
export * from "@myoscope/models/load-segmentation-model";

/**
 * @module segmentation/read-onnx-metadata-props
 * Re-export: the ONNX `metadata_props` reader lives in `@myoscope/models`.
 */
export { readOnnxMetadataProps } from "@myoscope/models/read-onnx-metadata-props";

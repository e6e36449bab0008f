-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "default_model_id" TEXT;

-- CreateTable
CREATE TABLE "synthesis_runs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "ranges" JSONB NOT NULL,
    "count" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "generator_version" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "job_id" UUID,
    "stats" JSONB,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "synthesis_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "synthesis_images" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "seed" BIGINT NOT NULL,
    "mpp" DOUBLE PRECISION NOT NULL,
    "fiber_count" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "stats" JSONB NOT NULL,
    "image_key" TEXT NOT NULL,
    "labels_key" TEXT NOT NULL,
    "classes_key" TEXT NOT NULL,
    "thumbnail_key" TEXT NOT NULL,

    CONSTRAINT "synthesis_images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segmentation_models" (
    "id" TEXT NOT NULL,
    "project_id" TEXT,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "mpp" DOUBLE PRECISION NOT NULL,
    "tile_size" INTEGER NOT NULL,
    "tile_overlap" INTEGER NOT NULL,
    "classes" TEXT[],
    "metadata" JSONB NOT NULL,
    "is_builtin" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segmentation_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segmentation_runs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "params_version" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "job_id" UUID,
    "fiber_count" INTEGER,
    "summary" JSONB,
    "labels_key" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "segmentation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fibers" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "label" INTEGER NOT NULL,
    "area_um2" DOUBLE PRECISION NOT NULL,
    "perimeter_um" DOUBLE PRECISION NOT NULL,
    "circularity" DOUBLE PRECISION NOT NULL,
    "feret_um" DOUBLE PRECISION NOT NULL,
    "min_feret_um" DOUBLE PRECISION NOT NULL,
    "feret_angle" DOUBLE PRECISION NOT NULL,
    "aspect_ratio" DOUBLE PRECISION NOT NULL,
    "roundness" DOUBLE PRECISION NOT NULL,
    "solidity" DOUBLE PRECISION NOT NULL,
    "equivalent_diameter_um" DOUBLE PRECISION NOT NULL,
    "centroid_x" DOUBLE PRECISION NOT NULL,
    "centroid_y" DOUBLE PRECISION NOT NULL,
    "bbox_x" INTEGER NOT NULL,
    "bbox_y" INTEGER NOT NULL,
    "bbox_width" INTEGER NOT NULL,
    "bbox_height" INTEGER NOT NULL,
    "mean_od_h" DOUBLE PRECISION,
    "mean_od_e" DOUBLE PRECISION,
    "touches_edge" BOOLEAN NOT NULL,
    "in_muscle_mask" BOOLEAN NOT NULL,
    "passes_shape_filter" BOOLEAN NOT NULL,
    "in_exclusion" BOOLEAN NOT NULL DEFAULT false,
    "region_name" TEXT,
    "contour" BYTEA,

    CONSTRAINT "fibers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "synthesis_runs_project_id_created_at_idx" ON "synthesis_runs"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "synthesis_images_project_id_idx" ON "synthesis_images"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "synthesis_images_run_id_index_key" ON "synthesis_images"("run_id", "index");

-- CreateIndex
CREATE INDEX "segmentation_models_project_id_idx" ON "segmentation_models"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "segmentation_models_project_id_sha256_key" ON "segmentation_models"("project_id", "sha256");

-- CreateIndex
CREATE INDEX "segmentation_runs_project_id_created_at_idx" ON "segmentation_runs"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "segmentation_runs_section_id_idx" ON "segmentation_runs"("section_id");

-- CreateIndex
CREATE INDEX "fibers_run_id_idx" ON "fibers"("run_id");

-- CreateIndex
CREATE INDEX "fibers_project_id_section_id_idx" ON "fibers"("project_id", "section_id");

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_default_model_id_fkey" FOREIGN KEY ("default_model_id") REFERENCES "segmentation_models"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synthesis_runs" ADD CONSTRAINT "synthesis_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synthesis_runs" ADD CONSTRAINT "synthesis_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synthesis_images" ADD CONSTRAINT "synthesis_images_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "synthesis_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_models" ADD CONSTRAINT "segmentation_models_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_models" ADD CONSTRAINT "segmentation_models_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_runs" ADD CONSTRAINT "segmentation_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_runs" ADD CONSTRAINT "segmentation_runs_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "sections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_runs" ADD CONSTRAINT "segmentation_runs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "segmentation_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segmentation_runs" ADD CONSTRAINT "segmentation_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fibers" ADD CONSTRAINT "fibers_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "segmentation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

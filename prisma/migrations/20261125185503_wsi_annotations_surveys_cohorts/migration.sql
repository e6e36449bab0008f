-- CreateEnum
CREATE TYPE "AnnotationKind" AS ENUM ('roi', 'region', 'exclusion', 'fiber');

-- CreateEnum
CREATE TYPE "SurveyStatus" AS ENUM ('draft', 'open', 'closed');

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "cohort_settings" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "sections" ADD COLUMN     "analysis_run_id" TEXT,
ADD COLUMN     "properties" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "pyramid_key" TEXT,
ADD COLUMN     "source_region" JSONB,
ADD COLUMN     "source_section_id" TEXT,
ADD COLUMN     "tile_size" INTEGER,
ADD COLUMN     "vendor" TEXT;

-- AlterTable
ALTER TABLE "fibers" ADD COLUMN     "roi_id" TEXT;

-- CreateTable
CREATE TABLE "annotations" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "kind" "AnnotationKind" NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "shape" TEXT NOT NULL DEFAULT 'polygon',
    "geometry" JSONB NOT NULL,
    "min_x" DOUBLE PRECISION NOT NULL,
    "min_y" DOUBLE PRECISION NOT NULL,
    "max_x" DOUBLE PRECISION NOT NULL,
    "max_y" DOUBLE PRECISION NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "source_run_id" TEXT,
    "source_label" INTEGER,
    "author_id" TEXT NOT NULL,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surveys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instructions" TEXT NOT NULL DEFAULT '',
    "categories" TEXT[],
    "scale" TEXT[],
    "status" "SurveyStatus" NOT NULL DEFAULT 'draft',
    "seed" INTEGER NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "opened_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "unblinded_at" TIMESTAMP(3),
    "unblinded_by_id" TEXT,

    CONSTRAINT "surveys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_arms" (
    "id" TEXT NOT NULL,
    "survey_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "survey_arms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_items" (
    "id" TEXT NOT NULL,
    "survey_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "annotation_id" TEXT,
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "survey_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_panels" (
    "id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "arm_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "letter" TEXT NOT NULL,

    CONSTRAINT "survey_panels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_raters" (
    "survey_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "item_order" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_raters_pkey" PRIMARY KEY ("survey_id","user_id")
);

-- CreateTable
CREATE TABLE "survey_grades" (
    "id" TEXT NOT NULL,
    "survey_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "rater_id" TEXT NOT NULL,
    "letter" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "grade" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "survey_grades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_events" (
    "id" TEXT NOT NULL,
    "survey_id" TEXT NOT NULL,
    "user_id" TEXT,
    "type" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fiber_summaries" (
    "run_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "filter_mask" INTEGER NOT NULL,
    "fiber_count" INTEGER NOT NULL,
    "sum_min_feret" DOUBLE PRECISION NOT NULL,
    "sum_sq_min_feret" DOUBLE PRECISION NOT NULL,
    "mean_min_feret_um" DOUBLE PRECISION,
    "std_min_feret_um" DOUBLE PRECISION,
    "histogram" INTEGER[],
    "muscle_area_um2" DOUBLE PRECISION,
    "connective_fraction" DOUBLE PRECISION,
    "connective_thickness_mean_um" DOUBLE PRECISION,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "fiber_summaries_pkey" PRIMARY KEY ("run_id","region","filter_mask")
);

-- CreateIndex
CREATE INDEX "annotations_section_id_updated_at_idx" ON "annotations"("section_id", "updated_at");

-- CreateIndex
CREATE INDEX "annotations_section_id_kind_idx" ON "annotations"("section_id", "kind");

-- CreateIndex
CREATE INDEX "annotations_project_id_idx" ON "annotations"("project_id");

-- CreateIndex
CREATE INDEX "surveys_project_id_created_at_idx" ON "surveys"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_arms_survey_id_position_key" ON "survey_arms"("survey_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "survey_items_survey_id_position_key" ON "survey_items"("survey_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "survey_panels_item_id_letter_key" ON "survey_panels"("item_id", "letter");

-- CreateIndex
CREATE UNIQUE INDEX "survey_panels_item_id_arm_id_key" ON "survey_panels"("item_id", "arm_id");

-- CreateIndex
CREATE INDEX "survey_grades_survey_id_rater_id_idx" ON "survey_grades"("survey_id", "rater_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_grades_item_id_rater_id_letter_category_key" ON "survey_grades"("item_id", "rater_id", "letter", "category");

-- CreateIndex
CREATE INDEX "survey_events_survey_id_created_at_idx" ON "survey_events"("survey_id", "created_at");

-- CreateIndex
CREATE INDEX "fiber_summaries_project_id_section_id_idx" ON "fiber_summaries"("project_id", "section_id");

-- AddForeignKey
ALTER TABLE "sections" ADD CONSTRAINT "sections_source_section_id_fkey" FOREIGN KEY ("source_section_id") REFERENCES "sections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sections" ADD CONSTRAINT "sections_analysis_run_id_fkey" FOREIGN KEY ("analysis_run_id") REFERENCES "segmentation_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "sections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_arms" ADD CONSTRAINT "survey_arms_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_items" ADD CONSTRAINT "survey_items_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_items" ADD CONSTRAINT "survey_items_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_panels" ADD CONSTRAINT "survey_panels_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "survey_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_panels" ADD CONSTRAINT "survey_panels_arm_id_fkey" FOREIGN KEY ("arm_id") REFERENCES "survey_arms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_panels" ADD CONSTRAINT "survey_panels_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "segmentation_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_raters" ADD CONSTRAINT "survey_raters_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_raters" ADD CONSTRAINT "survey_raters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_grades" ADD CONSTRAINT "survey_grades_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_grades" ADD CONSTRAINT "survey_grades_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "survey_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_grades" ADD CONSTRAINT "survey_grades_rater_id_fkey" FOREIGN KEY ("rater_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_events" ADD CONSTRAINT "survey_events_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fiber_summaries" ADD CONSTRAINT "fiber_summaries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "segmentation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

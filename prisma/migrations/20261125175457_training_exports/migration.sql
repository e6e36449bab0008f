-- CreateTable
CREATE TABLE "training_exports" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "job_id" UUID,
    "storage_key" TEXT,
    "byte_size" INTEGER,
    "manifest" JSONB,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "training_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "training_exports_run_id_created_at_idx" ON "training_exports"("run_id", "created_at");

-- CreateIndex
CREATE INDEX "training_exports_project_id_idx" ON "training_exports"("project_id");

-- AddForeignKey
ALTER TABLE "training_exports" ADD CONSTRAINT "training_exports_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_exports" ADD CONSTRAINT "training_exports_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "synthesis_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_exports" ADD CONSTRAINT "training_exports_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

import { formatProgressBar } from "@myoscope/core/text/format-progress-bar";
import type { JobDto } from "@myoscope/db/jobs";

/** One line per job: status, progress bar, type, message, short id. */
export function renderJobs(jobs: readonly JobDto[]): string {
  if (jobs.length === 0) return "no jobs yet";
  return jobs
    .map((job) => {
      const detail = job.error ?? job.message;
      return `${job.status.padEnd(9)} ${formatProgressBar(job.progress)}  ${job.type.padEnd(20)} ${detail}  (${job.id.slice(0, 8)}, attempt ${job.attempts}/${job.maxAttempts})`;
    })
    .join("\n");
}

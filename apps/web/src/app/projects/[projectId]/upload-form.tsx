"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Alert, Button, Field, Input, ProgressBar, Select } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";

type Subject = RouterOutputs["subject"]["list"][number];

/** Sends the file as the raw request body so the server can stream it; XHR for upload progress. */
function sendFile(url: string, file: File, onProgress: (percent: number) => void) {
  return new Promise<{ sectionId: string; jobId: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress((100 * e.loaded) / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}");
      if (xhr.status === 201) resolve(body);
      else reject(new Error(body?.error?.message ?? `upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("network error during upload"));
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.send(file);
  });
}

export function UploadForm({ projectId, subjects }: { projectId: string; subjects: Subject[] }) {
  const utils = api.useUtils();
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = api.job.get.useQuery(
    { projectId, jobId: jobId ?? "00000000-0000-4000-8000-000000000000" },
    {
      enabled: jobId !== null,
      refetchInterval: (query) =>
        query.state.data && ["succeeded", "failed", "cancelled"].includes(query.state.data.status)
          ? false
          : 700,
    },
  );
  const jobStatus = job.data?.status;
  useEffect(() => {
    if (jobStatus === "succeeded" || jobStatus === "failed") {
      setUploadPercent(null);
      void utils.section.list.invalidate({ projectId });
      void utils.subject.list.invalidate({ projectId });
    }
  }, [jobStatus, projectId, utils]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setError("Choose an image file.");
    setError(null);
    setJobId(null);
    setUploadPercent(0);
    const query = new URLSearchParams({
      subjectId: String(form.get("subjectId")),
      pixelSizeUm: String(form.get("pixelSizeUm")),
      name: String(form.get("name") ?? ""),
      stain: String(form.get("stain") ?? "H&E"),
      preparation: String(form.get("preparation") ?? "unknown"),
      muscles: String(form.get("muscles") ?? ""),
      filename: file.name,
    });
    try {
      const result = await sendFile(
        `/api/projects/${projectId}/sections?${query}`,
        file,
        setUploadPercent,
      );
      setUploadPercent(100);
      setJobId(result.jobId);
      formElement.reset();
      await utils.section.list.invalidate({ projectId });
    } catch (e) {
      setUploadPercent(null);
      setError((e as Error).message);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-3 border-t border-slate-100 pt-3"
      aria-label="Upload section"
    >
      <h3 className="text-sm font-semibold">Upload a section image (PNG, JPEG or TIFF)</h3>
      {error ? <Alert>{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Subject" htmlFor="upload-subject">
          <Select id="upload-subject" name="subjectId" required>
            {subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.identifier} {s.group ? `(${s.group})` : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Pixel size (µm/px)" htmlFor="upload-pixel-size">
          <Input
            id="upload-pixel-size"
            name="pixelSizeUm"
            type="number"
            step="any"
            required
            defaultValue="0.65"
          />
        </Field>
        <Field label="Name" htmlFor="upload-name" hint="Defaults to the file name">
          <Input id="upload-name" name="name" maxLength={200} />
        </Field>
        <Field label="Stain" htmlFor="upload-stain">
          <Input id="upload-stain" name="stain" defaultValue="H&E" maxLength={40} />
        </Field>
        <Field label="Preparation" htmlFor="upload-preparation">
          <Select id="upload-preparation" name="preparation" defaultValue="unknown">
            <option value="unknown">unknown</option>
            <option value="ffpe">FFPE</option>
            <option value="cryo">cryo</option>
          </Select>
        </Field>
        <Field label="Muscles" htmlFor="upload-muscles" hint="Comma-separated">
          <Input id="upload-muscles" name="muscles" placeholder="M. soleus, M. gastrocnemius" />
        </Field>
      </div>
      <Field label="Image file" htmlFor="upload-file">
        <input
          id="upload-file"
          name="file"
          type="file"
          accept="image/png,image/jpeg,image/tiff,.tif,.tiff"
          required
          className="text-sm"
        />
      </Field>
      <Button type="submit" disabled={uploadPercent !== null && uploadPercent < 100}>
        Upload
      </Button>
      {uploadPercent !== null ? (
        <div className="flex flex-col gap-1 text-xs text-slate-600">
          <span>Uploading: {Math.round(uploadPercent)}%</span>
          <ProgressBar value={uploadPercent} label="Upload progress" />
        </div>
      ) : null}
      {job.data ? (
        <div className="flex flex-col gap-1 text-xs text-slate-600" data-testid="upload-job">
          <span>
            Processing: {job.data.status} · {job.data.progress}% ·{" "}
            {job.data.error ?? job.data.message}
          </span>
          <ProgressBar value={job.data.progress} label="Processing progress" />
        </div>
      ) : null}
    </form>
  );
}

"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Alert, Button, Field, Input, ProgressBar, Select } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";

type Subject = RouterOutputs["subject"]["list"][number];

interface UploadProgress {
  uploadId: string;
  totalBytes: number;
  receivedBytes: number;
  chunkBytes: number;
}

const RETRIES_PER_CHUNK = 5;

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw Object.assign(new Error(body?.error?.message ?? `request failed (${response.status})`), {
      status: response.status,
    });
  }
  return body as T;
}

/** PUTs one chunk; XHR because fetch reports no upload progress. */
function putChunk(url: string, chunk: Blob, onLoaded: (bytes: number) => void) {
  return new Promise<UploadProgress>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => onLoaded(e.loaded);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}");
      if (xhr.status === 200) resolve(body);
      else
        reject(
          Object.assign(new Error(body?.error?.message ?? `upload failed (${xhr.status})`), {
            status: xhr.status,
          }),
        );
    };
    xhr.onerror = () => reject(new Error("network error during upload"));
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.send(chunk);
  });
}

/**
 * Sends `file` in chunks through the resumable upload routes. A dropped chunk is
 * retried from the offset the server reports; the upload id is remembered per
 * file, so choosing the same file again after a reload resumes where it stopped.
 */
async function sendFileResumably(
  projectId: string,
  file: File,
  metadata: Record<string, unknown>,
  onProgress: (percent: number) => void,
): Promise<{ sectionId: string; jobId: string }> {
  const base = `/api/projects/${projectId}/uploads`;
  const memoryKey = `myoscope-upload:${projectId}:${file.name}:${file.size}:${file.lastModified}`;
  let progress: UploadProgress | null = null;
  const remembered = window.localStorage.getItem(memoryKey);
  if (remembered) {
    progress = await requestJson<UploadProgress>(`${base}/${remembered}`, { method: "GET" }).catch(
      () => null,
    );
  }
  if (!progress) {
    progress = await requestJson<UploadProgress>(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...metadata, filename: file.name, totalBytes: file.size }),
    });
    window.localStorage.setItem(memoryKey, progress.uploadId);
  }
  const { uploadId, chunkBytes } = progress;
  let received = progress.receivedBytes;
  let failures = 0;
  while (received < file.size) {
    const offset = received;
    const chunk = file.slice(offset, offset + chunkBytes);
    try {
      const next = await putChunk(`${base}/${uploadId}?offset=${offset}`, chunk, (loaded) =>
        onProgress((100 * (offset + loaded)) / file.size),
      );
      received = next.receivedBytes;
      failures = 0;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if ((status !== undefined && status !== 409) || ++failures > RETRIES_PER_CHUNK) throw error;
      await new Promise((done) => setTimeout(done, 500 * 2 ** failures));
      // Ask the server what arrived; a lost response may have stored the chunk.
      received = (await requestJson<UploadProgress>(`${base}/${uploadId}`, { method: "GET" }))
        .receivedBytes;
    }
    onProgress((100 * received) / file.size);
  }
  try {
    return await requestJson(`${base}/${uploadId}/complete`, { method: "POST" });
  } finally {
    window.localStorage.removeItem(memoryKey);
  }
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
    const pixelSize = String(form.get("pixelSizeUm") ?? "").trim();
    const metadata = {
      subjectId: String(form.get("subjectId")),
      pixelSizeUm: pixelSize === "" ? null : Number(pixelSize),
      name: String(form.get("name") ?? ""),
      stain: String(form.get("stain") ?? "H&E"),
      preparation: String(form.get("preparation") ?? "unknown"),
      muscles: String(form.get("muscles") ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean),
    };
    try {
      const result = await sendFileResumably(projectId, file, metadata, setUploadPercent);
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
      <h3 className="text-sm font-semibold">
        Upload a section image or whole slide (SVS, NDPI, OME-TIFF, TIFF, PNG or JPEG)
      </h3>
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
        <Field
          label="Pixel size (µm/px)"
          htmlFor="upload-pixel-size"
          hint="Empty: read from the file (slides record it); a value here overrides the file"
        >
          <Input id="upload-pixel-size" name="pixelSizeUm" type="number" step="any" min="0" />
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
          accept="image/png,image/jpeg,image/tiff,.tif,.tiff,.svs,.ndpi,.scn,.bif"
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

"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import { type FormEvent, useState } from "react";
import { Alert, Button, Card, Field, Input, ProgressBar } from "~/components/ui";
import { api } from "~/trpc/react";

/** Sends the file as the raw request body so the server can stream it; XHR for upload progress. */
function sendModel(url: string, file: File, onProgress: (percent: number) => void) {
  return new Promise<{ model: { id: string; name: string } }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress((100 * e.loaded) / e.total);
    xhr.onload = () => {
      let body: { error?: { message?: string } } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText || "{}");
      } catch {
        // A proxy's HTML error page: fall through to the status.
      }
      if (xhr.status === 201) resolve(body as { model: { id: string; name: string } });
      else reject(new Error(body?.error?.message ?? `upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("network error during upload"));
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.send(file);
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

function Badge({ children, tone }: { children: string; tone: "builtin" | "default" }) {
  const style =
    tone === "default" ? "bg-emerald-100 text-emerald-800" : "bg-hema-700/10 text-hema-700";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>{children}</span>;
}

export function ModelsView({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const models = api.segmentation.models.useQuery({ projectId });
  const role = project.data?.role;
  const canUpload = role ? hasRoleAtLeast(role, "editor") : false;
  const isOwner = role === "owner";
  const invalidate = () => utils.segmentation.models.invalidate({ projectId });
  const setDefault = api.segmentation.setDefaultModel.useMutation({ onSettled: invalidate });
  const remove = api.segmentation.deleteModel.useMutation({ onSettled: invalidate });
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);

  async function onUpload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setUploadError("Choose an .onnx file.");
    setUploadError(null);
    setUploaded(null);
    setUploadPercent(0);
    const query = new URLSearchParams({
      filename: file.name,
      name: String(form.get("name") ?? ""),
    });
    try {
      const { model } = await sendModel(
        `/api/projects/${projectId}/models?${query}`,
        file,
        setUploadPercent,
      );
      setUploaded(`Registered "${model.name}".`);
      formElement.reset();
      await invalidate();
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setUploadPercent(null);
    }
  }

  return (
    <>
      <Card title="Models">
        {models.error ? <Alert>{models.error.message}</Alert> : null}
        {setDefault.error ? <Alert>{setDefault.error.message}</Alert> : null}
        {remove.error ? <Alert>{remove.error.message}</Alert> : null}
        {models.data?.length === 0 ? (
          <p className="text-sm text-slate-600">
            No model yet: the shipped model is registered when the worker starts with
            apps/worker/models/myoscope-unet-synth.onnx in place, or upload one below.
          </p>
        ) : null}
        {models.data && models.data.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="models-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Version
                  </th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Pixel size
                  </th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Tile / overlap
                  </th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Classes
                  </th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">
                    Size
                  </th>
                  <th scope="col" className="py-1.5 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {models.data.map((model) => (
                  <tr key={model.id} data-testid="model-row">
                    <td className="py-2 pr-3">
                      <div className="flex flex-wrap items-center gap-1.5">
                        <span className="font-medium text-slate-900">{model.name}</span>
                        {model.isBuiltin ? <Badge tone="builtin">built in</Badge> : null}
                        {model.isDefault ? <Badge tone="default">default</Badge> : null}
                      </div>
                      <div className="font-mono text-[11px] text-slate-400" title={model.sha256}>
                        sha256 {model.sha256.slice(0, 12)}…
                      </div>
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{model.version}</td>
                    <td className="py-2 pr-3 tabular-nums">{model.mpp} µm/px</td>
                    <td className="py-2 pr-3 tabular-nums">
                      {model.tileSize} / {model.tileOverlap} px
                    </td>
                    <td className="py-2 pr-3 text-xs">{model.classes.join(", ")}</td>
                    <td className="py-2 pr-3 tabular-nums">{formatBytes(model.byteSize)}</td>
                    <td className="py-2 text-right">
                      {isOwner ? (
                        <div className="flex justify-end gap-1.5">
                          {!model.isDefault ? (
                            <button
                              type="button"
                              className="rounded px-2 py-0.5 text-xs text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                              disabled={setDefault.isPending}
                              onClick={() => setDefault.mutate({ projectId, modelId: model.id })}
                            >
                              Make default
                            </button>
                          ) : null}
                          {!model.isBuiltin ? (
                            <button
                              type="button"
                              className="rounded px-2 py-0.5 text-xs text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50"
                              disabled={remove.isPending}
                              onClick={() => {
                                if (window.confirm(`Delete the model "${model.name}"?`)) {
                                  remove.mutate({ projectId, modelId: model.id });
                                }
                              }}
                            >
                              Delete
                            </button>
                          ) : null}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>

      {canUpload ? (
        <Card title="Upload a model">
          <form onSubmit={onUpload} className="flex flex-col gap-3" aria-label="Upload model">
            {uploadError ? <Alert>{uploadError}</Alert> : null}
            {uploaded ? <Alert kind="info">{uploaded}</Alert> : null}
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Model file (.onnx)" htmlFor="model-file">
                <input
                  id="model-file"
                  name="file"
                  type="file"
                  accept=".onnx,application/octet-stream"
                  required
                  className="text-sm"
                />
              </Field>
              <Field label="Name" htmlFor="model-name" hint="Defaults to the file name">
                <Input id="model-name" name="name" maxLength={200} />
              </Field>
            </div>
            <p className="text-xs text-slate-500">
              Required metadata_props: classes (with background, fiber, boundary), mpp, tile_size,
              tile_overlap, input_normalization. See apps/worker/training/export_onnx.py.
            </p>
            <div>
              <Button type="submit" disabled={uploadPercent !== null}>
                Upload model
              </Button>
            </div>
            {uploadPercent !== null ? (
              <div className="flex flex-col gap-1 text-xs text-slate-600">
                <span>
                  {uploadPercent < 100
                    ? `Uploading: ${Math.round(uploadPercent)}%`
                    : "Checking the model…"}
                </span>
                <ProgressBar value={uploadPercent} label="Model upload progress" />
              </div>
            ) : null}
          </form>
        </Card>
      ) : null}
    </>
  );
}

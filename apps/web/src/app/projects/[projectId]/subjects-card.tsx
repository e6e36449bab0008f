"use client";

import { hasRoleAtLeast } from "@myoscope/core/auth/project-role";
import type { FormEvent } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api } from "~/trpc/react";

export function SubjectsCard({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const subjects = api.subject.list.useQuery({ projectId });
  const create = api.subject.create.useMutation({
    onSuccess: () => utils.subject.list.invalidate({ projectId }),
  });
  const canEdit = project.data ? hasRoleAtLeast(project.data.role, "editor") : false;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const age = String(form.get("ageWeeks") ?? "");
    create.mutate(
      {
        projectId,
        identifier: String(form.get("identifier")),
        group: String(form.get("group") ?? ""),
        sex: String(form.get("sex")) as "female" | "male" | "unknown",
        ageWeeks: age === "" ? null : Number(age),
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <Card title="Subjects">
      {subjects.error ? <Alert>{subjects.error.message}</Alert> : null}
      <table className="mb-4 w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1">Identifier</th>
            <th>Group</th>
            <th>Sex</th>
            <th>Age (wk)</th>
            <th>Sections</th>
          </tr>
        </thead>
        <tbody>
          {subjects.data?.map((s) => (
            <tr key={s.id} className="border-t border-slate-100">
              <td className="py-1 font-medium">{s.identifier}</td>
              <td>{s.group || "—"}</td>
              <td>{s.sex}</td>
              <td>{s.ageWeeks ?? "—"}</td>
              <td>{s.sectionCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {subjects.data?.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">No subjects yet.</p>
      ) : null}
      {canEdit ? (
        <form
          onSubmit={onSubmit}
          className="flex flex-col gap-3 border-t border-slate-100 pt-3"
          aria-label="Add subject"
        >
          <h3 className="text-sm font-semibold">Add a subject</h3>
          {create.error ? <Alert>{create.error.message}</Alert> : null}
          <div className="grid grid-cols-2 gap-3">
            <Field label="Identifier" htmlFor="subject-identifier">
              <Input id="subject-identifier" name="identifier" required maxLength={80} />
            </Field>
            <Field label="Group" htmlFor="subject-group" hint="e.g. WT or DKO Hom">
              <Input id="subject-group" name="group" maxLength={80} />
            </Field>
            <Field label="Sex" htmlFor="subject-sex">
              <Select id="subject-sex" name="sex" defaultValue="unknown">
                <option value="unknown">unknown</option>
                <option value="female">female</option>
                <option value="male">male</option>
              </Select>
            </Field>
            <Field label="Age (weeks)" htmlFor="subject-age">
              <Input id="subject-age" name="ageWeeks" type="number" min="0" step="any" />
            </Field>
          </div>
          <Button type="submit" disabled={create.isPending}>
            Add subject
          </Button>
        </form>
      ) : null}
    </Card>
  );
}

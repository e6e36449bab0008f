"use client";

import { useState } from "react";
import { Alert, Button, Card, Input } from "~/components/ui";
import { api, type RouterOutputs } from "~/trpc/react";

type Subject = RouterOutputs["subject"]["list"][number];

function GroupRow({ projectId, subject }: { projectId: string; subject: Subject }) {
  const utils = api.useUtils();
  const [group, setGroup] = useState(subject.group);
  const update = api.subject.update.useMutation({
    onSuccess: () =>
      Promise.all([utils.subject.list.invalidate(), utils.cohort.dashboard.invalidate()]),
  });
  const inputId = `group-${subject.id}`;
  return (
    <form
      className="flex items-center gap-2 text-xs"
      onSubmit={(event) => {
        event.preventDefault();
        // The update replaces every field, so the others go back as they are.
        update.mutate({
          projectId,
          subjectId: subject.id,
          identifier: subject.identifier,
          group: group.trim(),
          sex: subject.sex as "female" | "male" | "unknown",
          ageWeeks: subject.ageWeeks,
          metadata: subject.metadata as Record<string, string | number | boolean>,
        });
      }}
    >
      <label htmlFor={inputId} className="w-28 truncate text-slate-700">
        {subject.identifier}
      </label>
      <Input
        id={inputId}
        value={group}
        maxLength={80}
        onChange={(event) => setGroup(event.target.value)}
        className="w-36"
      />
      <Button
        type="submit"
        variant="secondary"
        disabled={update.isPending || group === subject.group}
      >
        Save
      </Button>
      {update.error ? <span className="text-red-700">{update.error.message}</span> : null}
    </form>
  );
}

/** Subject groups (genotype, treatment, …) the cohort is split by; editors change them here. */
export function SubjectGroupsCard({ projectId }: { projectId: string }) {
  const subjects = api.subject.list.useQuery({ projectId });
  return (
    <Card title="Subject groups">
      {subjects.error ? <Alert>{subjects.error.message}</Alert> : null}
      <div className="grid gap-1.5 md:grid-cols-2">
        {(subjects.data ?? []).map((subject) => (
          <GroupRow
            key={`${subject.id}:${subject.group}`}
            projectId={projectId}
            subject={subject}
          />
        ))}
      </div>
    </Card>
  );
}

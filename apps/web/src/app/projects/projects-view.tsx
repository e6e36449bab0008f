"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api } from "~/trpc/react";

export function ProjectsView() {
  const utils = api.useUtils();
  const projects = api.project.list.useQuery();
  const organizations = api.user.organizations.useQuery();
  const invites = api.user.pendingInvites.useQuery();
  const createProject = api.project.create.useMutation({
    onSuccess: () => utils.project.list.invalidate(),
  });
  const createOrganization = api.user.createOrganization.useMutation({
    onSuccess: () => utils.user.organizations.invalidate(),
  });
  const acceptInvite = api.user.acceptInvite.useMutation({
    onSuccess: () =>
      Promise.all([utils.project.list.invalidate(), utils.user.pendingInvites.invalidate()]),
  });
  const [orgName, setOrgName] = useState("");

  function onCreateProject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    createProject.mutate(
      {
        organizationId: String(form.get("organizationId")),
        name: String(form.get("name")),
        description: String(form.get("description") ?? ""),
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Projects</h1>
      {invites.data && invites.data.length > 0 ? (
        <Card title="Invitations">
          <ul className="flex flex-col gap-2">
            {invites.data.map((invite) => (
              <li key={invite.id} className="flex items-center justify-between gap-2 text-sm">
                <span>
                  <strong>{invite.project.name}</strong> ({invite.project.organization.name}) as{" "}
                  {invite.role}, from {invite.invitedBy.name}
                </span>
                <Button
                  onClick={() => acceptInvite.mutate({ inviteId: invite.id })}
                  disabled={acceptInvite.isPending}
                >
                  Accept
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Your projects">
        {projects.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
        {projects.error ? <Alert>{projects.error.message}</Alert> : null}
        {projects.data?.length === 0 ? (
          <p className="text-sm text-slate-600">No projects yet. Create one below.</p>
        ) : null}
        <ul className="grid gap-3 sm:grid-cols-2">
          {projects.data?.map((project) => (
            <li key={project.id}>
              <Link
                href={`/projects/${project.id}`}
                className="block rounded-md border border-slate-200 p-3 hover:border-eosin-500 hover:bg-eosin-50"
              >
                <div className="font-medium">{project.name}</div>
                <div className="text-xs text-slate-600">
                  {project.organization.name} · {project.role} · {project.counts.subjects} subjects
                  · {project.counts.sections} sections · {project.counts.members} members
                </div>
              </Link>
            </li>
          ))}
        </ul>
      </Card>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title="New project">
          <form onSubmit={onCreateProject} className="flex flex-col gap-3">
            {createProject.error ? <Alert>{createProject.error.message}</Alert> : null}
            <Field label="Organization" htmlFor="organizationId">
              <Select id="organizationId" name="organizationId" required>
                {organizations.data?.map((org) => (
                  <option key={org.id} value={org.id}>
                    {org.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Project name" htmlFor="project-name">
              <Input id="project-name" name="name" required minLength={2} maxLength={120} />
            </Field>
            <Field label="Description" htmlFor="project-description">
              <Input id="project-description" name="description" maxLength={2000} />
            </Field>
            <Button type="submit" disabled={createProject.isPending || !organizations.data?.length}>
              Create project
            </Button>
          </form>
        </Card>
        <Card title="New organization">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              createOrganization.mutate({ name: orgName }, { onSuccess: () => setOrgName("") });
            }}
            className="flex flex-col gap-3"
          >
            {createOrganization.error ? <Alert>{createOrganization.error.message}</Alert> : null}
            <Field label="Lab or institution name" htmlFor="org-name">
              <Input
                id="org-name"
                value={orgName}
                onChange={(e) => setOrgName(e.target.value)}
                required
                minLength={2}
              />
            </Field>
            <Button type="submit" variant="secondary" disabled={createOrganization.isPending}>
              Create organization
            </Button>
          </form>
        </Card>
      </div>
    </div>
  );
}

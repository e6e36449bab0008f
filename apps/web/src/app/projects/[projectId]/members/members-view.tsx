"use client";

import { type FormEvent, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "~/components/ui";
import { api } from "~/trpc/react";

const ROLES = ["owner", "editor", "annotator", "rater", "viewer"] as const;
type Role = (typeof ROLES)[number];

export function MembersView({ projectId }: { projectId: string }) {
  const utils = api.useUtils();
  const project = api.project.get.useQuery({ projectId });
  const isOwner = project.data?.role === "owner";
  const members = api.member.list.useQuery({ projectId });
  const invites = api.member.invites.useQuery({ projectId }, { enabled: isOwner });
  const refresh = () =>
    Promise.all([utils.member.list.invalidate(), utils.member.invites.invalidate()]);
  const changeRole = api.member.changeRole.useMutation({ onSettled: refresh });
  const remove = api.member.remove.useMutation({ onSettled: refresh });
  const invite = api.member.invite.useMutation({ onSuccess: refresh });
  const revoke = api.member.revokeInvite.useMutation({ onSettled: refresh });
  const [link, setLink] = useState<string | null>(null);

  function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    invite.mutate(
      { projectId, email: String(form.get("email")), role: String(form.get("role")) as Role },
      {
        onSuccess: ({ token }) => {
          setLink(`${window.location.origin}/invites/${token}`);
          formElement.reset();
        },
      },
    );
  }

  const error = changeRole.error ?? remove.error ?? revoke.error ?? members.error;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Members">
        {error ? <Alert>{error.message}</Alert> : null}
        <ul className="flex flex-col divide-y divide-slate-100">
          {members.data?.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{m.user.name}</span>{" "}
                <span className="text-slate-500">{m.user.email}</span>
              </span>
              {isOwner ? (
                <span className="flex items-center gap-2">
                  <label className="sr-only" htmlFor={`role-${m.id}`}>
                    Role of {m.user.name}
                  </label>
                  <Select
                    id={`role-${m.id}`}
                    value={m.role}
                    onChange={(e) =>
                      changeRole.mutate({ projectId, memberId: m.id, role: e.target.value as Role })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                  <Button
                    variant="danger"
                    onClick={() => remove.mutate({ projectId, memberId: m.id })}
                  >
                    Remove
                  </Button>
                </span>
              ) : (
                <span className="text-slate-600">{m.role}</span>
              )}
            </li>
          ))}
        </ul>
      </Card>
      {isOwner ? (
        <Card title="Invite by email">
          <form onSubmit={onInvite} className="flex flex-col gap-3">
            {invite.error ? <Alert>{invite.error.message}</Alert> : null}
            {link ? (
              <Alert kind="info">
                Invitation created. Send this link to the invitee (it works once, for that email):{" "}
                <code className="break-all">{link}</code>
              </Alert>
            ) : null}
            <Field
              label="Email"
              htmlFor="invite-email"
              hint="Users of other institutions can be invited too."
            >
              <Input id="invite-email" name="email" type="email" required />
            </Field>
            <Field label="Role" htmlFor="invite-role">
              <Select id="invite-role" name="role" defaultValue="viewer">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" disabled={invite.isPending}>
              Create invitation
            </Button>
          </form>
          <h3 className="mt-4 mb-2 text-sm font-semibold">Invitations</h3>
          <ul className="flex flex-col gap-1 text-sm">
            {invites.data?.map((i) => (
              <li key={i.id} className="flex items-center justify-between gap-2">
                <span>
                  {i.email} · {i.role} ·{" "}
                  {i.acceptedAt
                    ? "accepted"
                    : i.revokedAt
                      ? "revoked"
                      : i.expiresAt < new Date()
                        ? "expired"
                        : "open"}
                </span>
                {!i.acceptedAt && !i.revokedAt ? (
                  <Button
                    variant="secondary"
                    onClick={() => revoke.mutate({ projectId, inviteId: i.id })}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { Alert, Button, Card } from "~/components/ui";
import { api } from "~/trpc/react";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const accept = api.user.acceptInvite.useMutation({
    onSuccess: ({ projectId }) => router.push(`/projects/${projectId}`),
  });
  return (
    <div className="mx-auto max-w-md">
      <Card title="Project invitation">
        <p className="mb-3 text-sm text-slate-700">
          Accept the invitation to join the project with your current account.
        </p>
        {accept.error ? <Alert>{accept.error.message}</Alert> : null}
        <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
          Accept invitation
        </Button>
      </Card>
    </div>
  );
}

"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Button, Field, Input } from "~/components/ui";
import { signInAction } from "~/server/actions/auth-actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState(signInAction, { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      {state.error ? <Alert>{state.error}</Alert> : null}
      <input type="hidden" name="next" value={next} />
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </Field>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-sm text-slate-600">
        No account yet?{" "}
        <Link
          className="text-eosin-700 underline"
          href={`/sign-up?next=${encodeURIComponent(next)}`}
        >
          Create one
        </Link>
      </p>
    </form>
  );
}

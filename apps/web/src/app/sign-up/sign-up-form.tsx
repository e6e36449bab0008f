"use client";

import { useActionState } from "react";
import { Alert, Button, Field, Input } from "~/components/ui";
import { signUpAction } from "~/server/actions/auth-actions";

export function SignUpForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState(signUpAction, { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      {state.error ? <Alert>{state.error}</Alert> : null}
      <input type="hidden" name="next" value={next} />
      <Field label="Name" htmlFor="name">
        <Input id="name" name="name" autoComplete="name" required />
      </Field>
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 8 characters.">
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
        />
      </Field>
      <Field
        label="Lab or institution"
        htmlFor="organizationName"
        hint="Your organization in Myoscope; you can be invited to others."
      >
        <Input id="organizationName" name="organizationName" required />
      </Field>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Creating…" : "Create account"}
      </Button>
    </form>
  );
}

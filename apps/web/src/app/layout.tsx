import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { auth, signOut } from "~/server/auth/auth";
import { TRPCProvider } from "~/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Myoscope",
  description:
    "Muscle histopathology: fiber segmentation, per-fiber features and cohort statistics.",
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  return (
    <html lang="en">
      <body>
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3" aria-label="Main">
            <Link href="/" className="text-lg font-bold tracking-tight text-hema-900">
              Myo<span className="text-eosin-600">scope</span>
            </Link>
            {session?.user ? (
              <>
                <Link href="/projects" className="text-sm text-slate-700 hover:text-slate-900">
                  Projects
                </Link>
                <span className="ml-auto text-sm text-slate-600">{session.user.email}</span>
                <form
                  action={async () => {
                    "use server";
                    await signOut({ redirectTo: "/" });
                  }}
                >
                  <button
                    type="submit"
                    className="text-sm text-slate-700 underline-offset-2 hover:underline"
                  >
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <div className="ml-auto flex gap-4 text-sm">
                <Link href="/sign-in">Sign in</Link>
                <Link href="/sign-up">Create account</Link>
              </div>
            )}
          </nav>
        </header>
        <TRPCProvider>
          <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
        </TRPCProvider>
      </body>
    </html>
  );
}

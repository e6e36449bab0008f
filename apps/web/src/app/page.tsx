import Link from "next/link";
import { auth } from "~/server/auth/auth";

export default async function HomePage() {
  const session = await auth();
  return (
    <div className="flex flex-col gap-6 py-10">
      <h1 className="text-4xl font-bold tracking-tight text-hema-900">Myoscope</h1>
      <p className="max-w-2xl text-lg text-slate-700">
        Turn stained skeletal-muscle sections into numbers you can trust and share: fiber
        segmentation by a U-Net trained on synthetic H&amp;E images (the SYNTA method), per-fiber
        minimal Feret diameters, connective-tissue measurements, blinded expert surveys and cohort
        statistics.
      </p>
      <div className="flex gap-3">
        {session?.user ? (
          <Link
            href="/projects"
            className="rounded-md bg-eosin-600 px-4 py-2 text-white hover:bg-eosin-700"
          >
            Go to your projects
          </Link>
        ) : (
          <>
            <Link
              href="/sign-in"
              className="rounded-md bg-eosin-600 px-4 py-2 text-white hover:bg-eosin-700"
            >
              Sign in
            </Link>
            <Link
              href="/sign-up"
              className="rounded-md bg-white px-4 py-2 ring-1 ring-slate-300 hover:bg-slate-100"
            >
              Create an account
            </Link>
          </>
        )}
      </div>
    </div>
  );
}

import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: [
    "@myoscope/core",
    "@myoscope/db",
    "@myoscope/jobs",
    "@myoscope/models",
    "@myoscope/storage",
  ],
  // Loaded at run time from node_modules rather than bundled: native addons,
  // Prisma's WebAssembly query compiler, pg-boss's SQL plans.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "pg-boss",
    "sharp",
    "bcryptjs",
    "onnxruntime-node",
  ],
  typedRoutes: false,
  eslint: { ignoreDuringBuilds: true },
  poweredByHeader: false,
};

export default config;

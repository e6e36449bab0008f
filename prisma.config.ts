import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The JS engine path lets `prisma migrate diff` run offline through the
// WebAssembly schema engine. The connection string is only used by commands
// that talk to a database; diffs between two schema files never connect.
const connectionString =
  process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString });
  },
});

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { applyMigrations } from "../src/migrate.ts";
import { MIGRATIONS_DIR } from "../src/paths.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const { applied, alreadyApplied } = await applyMigrations(url, MIGRATIONS_DIR);
console.log(`migrations: ${applied.length} applied, ${alreadyApplied} already present`);
for (const name of applied) console.log(`  + ${name}`);

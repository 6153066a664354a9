// drizzle-kit for PostgreSQL (issue 23): reads the pg-core schema and writes SQL migrations into migrations-pg/ (committed).
// `npm run db:generate` runs it after the SQLite one (drizzle.config.ts), so both migration sets stay in step.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg/index.ts',
  out: './migrations-pg',
});

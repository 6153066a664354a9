// drizzle-kit reads the schema folder and writes SQL migrations into migrations/ (committed).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});

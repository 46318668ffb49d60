// drizzle-kit configuration: `npm run db:generate` writes SQL migrations to drizzle/ from the schema.
// The same migrations run on PGlite and PostgreSQL (see src/adapters/db/migrate.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/db/schema.ts',
  out: './drizzle',
});

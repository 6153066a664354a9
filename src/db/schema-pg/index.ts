// Every table of the service for PostgreSQL (pg-core mirror of src/db/schema, table for table; test/db/schema-parity.test.ts
// holds them equal). drizzle-kit generates migrations-pg/ from this module (drizzle.pg.config.ts).
export * from './system.js';
export * from './units.js';
export * from './api-keys.js';
export * from './campaigns.js';
export * from './rectification.js';
export * from './approvals.js';
export * from './fees.js';
export * from './supervision.js';
export * from './publicity.js';
export * from './webhooks.js';
export * from './opinions.js';

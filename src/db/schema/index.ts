// Every table of the service; drizzle-kit generates migrations from this module.
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

// The API-keys module.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { ApiKeySchema, CallerSchema, CreateApiKeySchema, CreatedApiKeySchema } from './schemas.js';

export const apiKeysModule: ModuleDefinition = { name: 'api-keys', routes, schemas: [ApiKeySchema, CreatedApiKeySchema, CreateApiKeySchema, CallerSchema] };

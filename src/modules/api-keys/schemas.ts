// API keys: bound to one unit and a set of roles; the secret is shown once, at creation.
import { Type, type Static } from 'typebox';
import { RoleEnum } from '../../http/auth.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { Id } from '../units/schemas.js';
import { Text } from '../../http/text-schema.js';

export const ApiKeySchema = Type.Object(
  {
    id: Id('The key’s id.'),
    name: Type.String({ maxLength: 100, description: 'What the key is for, e.g. 南宁市政务平台同步.' }),
    prefix: Type.String({ maxLength: 16, description: 'The public part of the key (xn_<prefix>_...), to recognise it in logs and lists.' }),
    unitId: Id('The unit the key acts for.'),
    roles: Type.Array(RoleEnum.ref({ description: 'A role.' }), { maxItems: 8, description: 'The roles granted.' }),
    createdAt: Type.String({ format: 'date-time', description: 'When the key was created (UTC).' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the key was revoked, or null while it is live.' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Reserved: when the key was last used, or null.' }),
  },
  { $id: 'ApiKey', description: 'An API key (without its secret).' },
);
export type ApiKey = Static<typeof ApiKeySchema>;

export const CallerSchema = Type.Object(
  {
    keyId: Id('The id of the API key that made this request.'),
    unitId: Id('The unit the key acts for: what it may see and change follows from it (API.md 20).'),
    roles: Type.Array(RoleEnum.ref({ description: 'A role.' }), { maxItems: 8, description: 'The roles the key holds.' }),
  },
  { $id: 'Caller', description: 'Who is calling: the key, its unit and its roles.' },
);
export type Caller = Static<typeof CallerSchema>;

export const CreatedApiKeySchema = Type.Object(
  {
    key: Type.Ref('ApiKey'),
    secret: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'The whole key to send as `Authorization: Bearer <secret>`. Shown only in the first response; store it now. Absent from an idempotent replay (`Idempotent-Replayed: true`).',
      }),
    ),
  },
  { $id: 'CreatedApiKey', description: 'A new key and its secret, shown once (a replay has the key only).' },
);

export const CreateApiKeySchema = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 100, description: 'What the key is for.' }),
    unitId: Id('The unit the key acts for (must exist).'),
    roles: Type.Array(RoleEnum.ref({ description: 'A role.' }), { minItems: 1, maxItems: 8, uniqueItems: true, description: 'The roles to grant.' }),
  },
  { $id: 'CreateApiKey', additionalProperties: false, description: 'A new API key.' },
);
export type CreateApiKey = Static<typeof CreateApiKeySchema>;

export const ApiKeyQuerySchema = Type.Object(
  {
    unitId: Type.Optional(Id('Only keys of this unit.')),
    includeRevoked: Type.Optional(Type.Boolean({ description: 'Include revoked keys (default false).' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ApiKeyQuery = Static<typeof ApiKeyQuerySchema>;
export const ApiKeyPageSchema = PageOf(Type.Ref('ApiKey'), 'A page of API keys.');
export const ApiKeyParams = Type.Object({ keyId: Id('The key’s id.') });

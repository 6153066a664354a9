// Opaque, time-ordered identifiers (UUIDv7, API.md 2): keyset pages over (createdAt-ish id) stay stable.
import { uuidv7 } from 'uuidv7';
import { Type } from 'typebox';

export const newId = (): string => uuidv7();

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const uuidRe = new RegExp(UUID_PATTERN);
export const isUuid = (s: string): boolean => uuidRe.test(s);

/** The schema of an id field or parameter (every module's `Id(description)`). */
export const idSchema = (description: string) => Type.String({ pattern: UUID_PATTERN, maxLength: 36, description });

// Conditional requests (API.md 14): strong ETags from the row version; If-Match on writes (428 / 412),
// If-None-Match on reads (304). The version check itself happens in the repository's UPDATE ... WHERE version = ?.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from './errors.js';

export const etagOf = (version: number): string => `"${version}"`;

/** `undefined` = any version (`*`); a number = the version the client holds. Throws 428 when required and absent. */
export function readIfMatch(request: FastifyRequest, required: boolean): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    if (required) throw new AppError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag you last read (GET the resource first)');
    return undefined;
  }
  if (header.trim() === '*') return undefined;
  const m = /^"(\d{1,12})"$/.exec(header.trim());
  if (!m) {
    // A bare version (`If-Match: 1`, what many HTTP clients send when given a number) is the commonest mistake: say so.
    const bare = /^\d{1,12}$/.test(header.trim());
    const hint = bare ? `ETags are quoted: send If-Match: "${header.trim()}", not ${header.trim()}` : 'ETags are quoted version numbers, e.g. If-Match: "3"';
    throw new AppError('PRECONDITION_FAILED', `If-Match ${header} is not a current ETag of this resource. ${hint}`);
  }
  return Number(m[1]);
}

export function preconditionFailed(current: number): AppError {
  return new AppError('PRECONDITION_FAILED', `The resource has changed; its current ETag is ${etagOf(current)}`);
}

/** Sets the ETag of a versioned resource; answers 304 when If-None-Match already holds it. */
export function withEtag<T extends { version: number }>(request: FastifyRequest, reply: FastifyReply, resource: T): T | undefined {
  const tag = etagOf(resource.version);
  reply.header('etag', tag);
  const inm = request.headers['if-none-match'];
  if (request.method === 'GET' && inm && inm.split(',').some((t) => t.trim() === tag || t.trim() === '*')) {
    reply.code(304);
    return undefined;
  }
  return resource;
}

export const IfMatchHeader = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the version you are changing (required: 428 without it, 412 when stale).', maxLength: 64 })),
});

export const etagHeader = { etag: { type: 'string', maxLength: 64, description: 'The strong ETag of this version of the resource.' } };

/** A response carrying a versioned resource: the named component, with its ETag header (every module's GET/PATCH/actions). */
export const versionedResponse = (ref: string, description: string, headers: Record<string, unknown> = etagHeader) => ({
  description,
  headers,
  content: { 'application/json': { schema: Type.Ref(ref) } },
});

// Opaque, time-ordered identifiers (UUIDv7, API.md 2): keyset pages over (createdAt-ish id) stay stable.
import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';
import { Type } from 'typebox';

/**
 * Cryptographic random numbers drawn from a 4 KB pool refilled in one call: the library's default refills 32 bytes
 * at a time, one crypto call per two or three ids, which was 4% of a 100,000-row import (issue 7).
 */
class PooledRandom {
  private readonly pool = new Uint32Array(1024);
  private next = this.pool.length;
  nextUint32(): number {
    // Stryker disable next-line ConditionalExpression: equivalent (refilling the pool on every call gives random numbers as good; only slower)
    if (this.next === this.pool.length) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    return this.pool[this.next++];
  }
}

/** One generator per process: its ids increase monotonically, even within a millisecond. */
const generator = new V7Generator(new PooledRandom());
export const newId = (): string => generator.generate().toString();

/** An id as the service writes it: lower-case. */
// Stryker disable next-line StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/** An id as clients may send it: any case (platforms on .NET / SQL Server send upper-case GUIDs). */
// Stryker disable next-line StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates
export const UUID_INPUT_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const uuidRe = new RegExp(UUID_PATTERN);
export const isUuid = (s: string): boolean => uuidRe.test(s);

/**
 * The schema keyword that makes validation lower-case the value in place (src/http/validation.ts): ids in paths,
 * query strings and bodies are accepted in any case and reach the services — and the responses — lower-case.
 */
// Stryker disable next-line StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates
export const LOWERCASE_KEYWORD = 'x-lowercase';

/** The schema of an id field or parameter (every module's `Id(description)`). */
// Stryker disable next-line ArrowFunction: a static (module-level) mutant, which the jest runner under ESM never activates (every schema module calls it at import)
export const idSchema = (description: string) =>
  Type.String({ pattern: UUID_INPUT_PATTERN, maxLength: 36, [LOWERCASE_KEYWORD]: true, description: `${description} Accepted in any case; returned lower-case.` });

const uuidInputRe = new RegExp(UUID_INPUT_PATTERN);

/** How an agency is named in a cell or a query (its id in any case, credit code, externalId, name): an id lower-cased, the rest trimmed. */
export function unitRefKey(ref: string): string {
  const k = ref.trim();
  return uuidInputRe.test(k) ? k.toLowerCase() : k;
}

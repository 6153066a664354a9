// The one rule for ids that a request body names (parents, problems, merge targets, reviews in a batch, the
// item a review or declaration is about, units and campaigns): the object must exist AND be visible to the caller,
// and an object the caller may not see gets exactly the answer of one that does not exist — 400 VALIDATION_FAILED
// with the same pointer and the same detail — so that no key can learn which of another agency's ids exist
// (API.md 20; issue 11, defect 6). Units and campaigns are read by every key: for them visibility is existence.
// Where a unit's ownership matters (an agency acts only for itself), ownUnitOnly refuses every other id before it
// is looked up, so a foreign unit and a unit that does not exist get the same 403.
import type { Actor } from '../lib/actor.js';
import { AppError, forbidden, type ProblemDetail } from './errors.js';

/** The error detail of a reference that does not exist or that the caller may not see. */
export const unknownRef = (pointer: string, noun: string, id: string): ProblemDetail => ({ in: 'body', pointer, detail: `${noun} ${id} does not exist` });

/**
 * The 400 VALIDATION_FAILED of references that do not exist or are not the caller's (the same answer for both). An
 * import row turns it into UNKNOWN_UNIT or UNKNOWN_REFERENCE by its `noun` (src/http/tabular/errors.ts rowCodeOf).
 */
export class UnknownReferenceError extends AppError {
  constructor(details: ProblemDetail[], readonly noun: string) {
    super('VALIDATION_FAILED', details.length === 1 ? details[0].detail : `${details.length} referenced objects do not exist; nothing was written`, { errors: details });
  }
}

/** The error of one or more such references (all listed, nothing written). */
export function refError(details: ProblemDetail[], noun: string): AppError {
  return new UnknownReferenceError(details, noun);
}

/** The row a body field names, when it exists and the caller may see it; otherwise the "does not exist" 400. */
export function visibleRef<T>(row: T | null | undefined, visible: (row: T) => boolean, pointer: string, noun: string, id: string): T {
  if (row === null || row === undefined || !visible(row)) throw refError([unknownRef(pointer, noun, id)], noun);
  return row;
}

/** For objects every key reads (units, campaigns): the reference only has to exist. */
export const everyone = (): boolean => true;

/** Checks many references at once: every id that is missing or invisible is listed (pointer per id). */
export function visibleRefs<T>(ids: readonly string[], rows: ReadonlyMap<string, T>, visible: (row: T) => boolean, pointerOf: (i: number) => string, noun: string): T[] {
  const errors: ProblemDetail[] = [];
  const out: T[] = [];
  ids.forEach((id, i) => {
    const row = rows.get(id);
    if (row === undefined || !visible(row)) errors.push(unknownRef(pointerOf(i), noun, id));
    else out.push(row);
  });
  if (errors.length) throw refError(errors, noun);
  return out;
}

/** An agency key acts only for its own agency: any other unit id, existing or not, is the same 403 (admin may name any). */
export function ownUnitOnly(actor: Actor, unitId: string, detail: string): void {
  if (!actor.roles.has('admin') && unitId !== actor.unitId) throw forbidden(detail);
}

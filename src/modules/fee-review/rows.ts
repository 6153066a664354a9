// Fee-item row helpers shared by the service and the import (row ⇄ API shape, the standard's columns and checks).
import { fieldError } from '../../http/errors.js';
import type { Standard } from './rules.js';
import type { FeeItemRow } from './repository.js';
import type { FeeItem, FeeStandard } from './schemas.js';

export function standardOf(r: { standardKind: string; amountFen: number | null; minFen: number | null; maxFen: number | null; per: string }): Standard {
  return r.standardKind === 'range'
    ? { kind: 'range', minFen: r.minFen ?? 0, maxFen: r.maxFen ?? 0, per: r.per }
    : { kind: 'fixed', amountFen: r.amountFen ?? 0, per: r.per };
}

/** A standard from the API: fixed needs amountFen only, range needs minFen ≤ maxFen only (400 otherwise). */
export function checkStandard(s: FeeStandard, pointer = '/standard'): Standard {
  if (s.kind === 'fixed') {
    if (s.amountFen === undefined) throw fieldError(`${pointer}/amountFen`, 'a fixed standard needs amountFen');
    if (s.minFen !== undefined || s.maxFen !== undefined) throw fieldError(`${pointer}/minFen`, 'a fixed standard has amountFen, not minFen/maxFen');
    return { kind: 'fixed', amountFen: s.amountFen, per: s.per };
  }
  if (s.minFen === undefined) throw fieldError(`${pointer}/minFen`, 'a range standard needs minFen');
  if (s.maxFen === undefined) throw fieldError(`${pointer}/maxFen`, 'a range standard needs maxFen');
  if (s.amountFen !== undefined) throw fieldError(`${pointer}/amountFen`, 'a range standard has minFen and maxFen, not amountFen');
  if (s.minFen > s.maxFen) throw fieldError(`${pointer}/minFen`, `minFen ${s.minFen} is above maxFen ${s.maxFen}`);
  return { kind: 'range', minFen: s.minFen, maxFen: s.maxFen, per: s.per };
}

export const standardColumns = (s: Standard) => ({
  standardKind: s.kind,
  amountFen: s.kind === 'fixed' ? s.amountFen : null,
  minFen: s.kind === 'range' ? s.minFen : null,
  maxFen: s.kind === 'range' ? s.maxFen : null,
  per: s.per,
});

export const toFeeItem = (r: FeeItemRow): FeeItem => ({
  id: r.id,
  code: r.code,
  externalId: r.externalId,
  name: r.name,
  collectingUnitId: r.collectingUnitId,
  category: r.category as FeeItem['category'],
  basisLevel: r.basisLevel as FeeItem['basisLevel'],
  bases: r.bases,
  standard: standardOf(r),
  fundManagement: r.fundManagement as FeeItem['fundManagement'],
  affectsEnterprises: r.affectsEnterprises,
  currentChargeFen: r.currentChargeFen,
  annualVolume: r.annualVolume,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

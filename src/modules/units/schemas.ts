// Agencies (单位): TypeBox schemas of the unit resource and its list query.
import { externalIdFilter, updatedSinceFilter } from '../../http/registry-filters.js';
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { idSchema } from '../../lib/ids.js';
import { USCC_PATTERN } from '../../lib/uscc.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { Text } from '../../http/text-schema.js';

export const UnitKindEnum = defineEnum('unitKind', 'What kind of agency a unit is.', {
  party_committee: '党委及其部门',
  government: '人民政府',
  department: '政府部门',
  city: '市',
  county: '县(市、区)',
  other: '其他',
});

export const UnitLevelEnum = defineEnum('unitLevel', 'The administrative level of a unit.', {
  region: '自治区级',
  city: '市级',
  county: '县级',
});

export const Id = idSchema;
const Name = Text({ minLength: 1, maxLength: 100, description: 'The full official name, e.g. 自治区财政厅.' });
const ShortName = Text({ minLength: 1, maxLength: 50, description: 'A short name, e.g. 财政厅.' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', minLength: 6, maxLength: 6, description: 'The GB/T 2260 administrative division code (6 digits) of the area the unit serves, e.g. 450000.' });
const CreditCode = Type.String({ pattern: USCC_PATTERN, minLength: 18, maxLength: 18, description: 'The 18-character unified social credit code (GB 32100-2015), check character verified.' });
const ExternalId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The unit’s id in another system (unique): the natural key for imports.' });

export const UnitSchema = Type.Object(
  {
    id: Id('The unit’s id (UUIDv7).'),
    name: Name,
    shortName: Type.Union([ShortName, Type.Null()], { description: 'A short name, or null.' }),
    kind: UnitKindEnum.ref({ description: 'What kind of agency.' }),
    level: UnitLevelEnum.ref({ description: 'The administrative level.' }),
    divisionCode: DivisionCode,
    creditCode: Type.Union([CreditCode, Type.Null()], { description: 'The unified social credit code, or null when unknown.' }),
    parentId: Type.Union([Id('The parent unit.'), Type.Null()], { description: 'The parent unit in the tree, or null for the root.' }),
    externalId: Type.Union([ExternalId, Type.Null()], { description: 'The unit’s id in another system, or null.' }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The version, incremented on every change; the ETag is this number quoted.' }),
    createdAt: Type.String({ format: 'date-time', description: 'When the unit was created (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', description: 'When the unit last changed (UTC).' }),
  },
  { $id: 'Unit', description: 'An agency (单位): a party or government body, a department, a city or a county.' },
);
export type Unit = Static<typeof UnitSchema>;

export const CreateUnitSchema = Type.Object(
  {
    name: Name,
    shortName: Type.Optional(ShortName),
    kind: UnitKindEnum.ref({ description: 'What kind of agency.' }),
    level: UnitLevelEnum.ref({ description: 'The administrative level.' }),
    divisionCode: DivisionCode,
    creditCode: Type.Optional(CreditCode),
    parentId: Type.Optional(Id('The parent unit (must exist).')),
    externalId: Type.Optional(ExternalId),
  },
  { $id: 'CreateUnit', additionalProperties: false, description: 'A new unit.' },
);
export type CreateUnit = Static<typeof CreateUnitSchema>;

export const UpdateUnitSchema = Type.Object(
  {
    name: Type.Optional(Name),
    shortName: Type.Optional(Type.Union([ShortName, Type.Null()], { description: 'A short name; null clears it.' })),
    kind: Type.Optional(UnitKindEnum.ref({ description: 'What kind of agency.' })),
    level: Type.Optional(UnitLevelEnum.ref({ description: 'The administrative level.' })),
    divisionCode: Type.Optional(DivisionCode),
    creditCode: Type.Optional(Type.Union([CreditCode, Type.Null()], { description: 'The credit code; null clears it.' })),
    parentId: Type.Optional(Type.Union([Id('The parent unit.'), Type.Null()], { description: 'The parent; null makes it a root. Cycles are refused.' })),
    externalId: Type.Optional(Type.Union([ExternalId, Type.Null()], { description: 'The external id; null clears it.' })),
  },
  { $id: 'UpdateUnit', additionalProperties: false, minProperties: 1, description: 'The fields to change (JSON merge patch: absent = unchanged, null = cleared).' },
);
export type UpdateUnit = Static<typeof UpdateUnitSchema>;

export const UNIT_ORDER_FIELDS = ['createdAt', 'name'] as const;

export const UnitQuerySchema = Type.Object(
  {
    level: Type.Optional(UnitLevelEnum.ref({ description: 'Only units of this level.' })),
    parentId: Type.Optional(Id('Only direct children of this unit.')),
    divisionCode: Type.Optional(DivisionCode),
    q: Type.Optional(Text({ minLength: 1, maxLength: 50, description: 'Units whose name or short name contains this text.' })),
    externalId: externalIdFilter('unit'),
    updatedSince: updatedSinceFilter('units'),
    orderBy: orderByParam(UNIT_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type UnitQuery = Static<typeof UnitQuerySchema>;

export const UnitPageSchema = PageOf(Type.Ref('Unit'), 'A page of units.');
export const UnitParams = Type.Object({ unitId: Id('The unit’s id.') });

// TypeBox schemas of publicity (舆论宣传): records, their public view, queries and actions.
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { exportFormatParam } from '../../http/tabular/export-route.js';
import { idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { NonEmptyText } from '../../http/text-schema.js';

export const PublicityKindEnum = defineEnum('publicityKind', 'What a publicity record is (五、加强舆论宣传).', {
  good_practice: '好做法、新成效、好经验',
  advanced_collective: '先进集体',
  advanced_individual: '先进个人',
  exposed_case: '典型案例曝光',
});
export const PublicityStatusEnum = defineEnum('publicityStatus', 'The lifecycle state of a publicity record.', {
  draft: '草稿',
  approved: '已审核',
  published: '已发布',
  withdrawn: '已撤回',
});

const Id = idSchema;
const Text = NonEmptyText;
const DateStr = (description: string) => Type.String({ format: 'date', maxLength: 10, description });
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 30, description });
const NullableText = (max: number, description: string) => Type.Union([Text(max, description), Type.Null()], { description });
const NullableInstant = (description: string) => Type.Union([Instant(description), Type.Null()], { description });

const Accountability = Type.Object(
  {
    kind: Text(100, 'The accountability taken (追究责任), e.g. 诫勉谈话, 通报批评, 党内警告, 行政记过.'),
    decidedBy: Text(200, 'Who decided it.'),
    documentNumber: Type.Union([Text(100, 'The document number (文号).'), Type.Null()], { description: 'The document number (文号), or null.' }),
    decidedOn: DateStr('When it was decided.'),
  },
  { additionalProperties: false, description: 'One accountability measure (追究责任).' },
);
const Media = Type.Object(
  {
    name: Text(200, 'The medium: newspaper, radio, TV, website, blackboard or wall newspaper (报刊、广播、电视、互联网、黑板报、墙报).'),
    publishedOn: DateStr('When it appeared there.'),
    url: Type.Union([Type.String({ format: 'uri', maxLength: 2000, description: 'A link.' }), Type.Null()], { description: 'A link, or null.' }),
  },
  { additionalProperties: false, description: 'Where the record was published.' },
);
const IdList = (description: string) => Type.Array(Id('An id.'), { maxItems: 100, uniqueItems: true, description });
const Links = Type.Object(
  {
    findingIds: IdList('Findings it comes from (delivered).'),
    problemIds: IdList('Problems found (查摆问题).'),
    itemIds: IdList('Rectification items.'),
    inspectionIds: IdList('Inspections (not secret ones).'),
  },
  { additionalProperties: false, description: 'What the record comes from.' },
);
const LinksInput = Type.Object(
  {
    findingIds: Type.Optional(IdList('Findings it comes from (delivered; good ones for commendations, others for exposures).')),
    problemIds: Type.Optional(IdList('Problems found (查摆问题).')),
    itemIds: Type.Optional(IdList('Rectification items.')),
    inspectionIds: Type.Optional(IdList('Inspections (an unannounced one only once concluded).')),
  },
  { additionalProperties: false, description: 'What the record comes from; each must exist.' },
);

const publicFields = {
  id: Id('The record’s id.'),
  kind: PublicityKindEnum.ref({ description: 'What it is.' }),
  title: Text(200, 'The headline.'),
  summary: Text(8000, 'What is published.'),
  unitId: Type.Union([Id('A unit.'), Type.Null()], { description: 'The unit commended or exposed, or null.' }),
  unitName: Type.Union([Text(200, 'Its name.'), Type.Null()], { description: 'Its name, or null.' }),
  personName: NullableText(50, 'The person commended or exposed (the plan requires the name: 先进个人, 公开曝光...个人), or null.'),
  personPosition: NullableText(100, 'Their post, or null.'),
  handling: NullableText(8000, 'How the case was handled (查处情况), or null.'),
  accountability: Type.Array(Accountability, { maxItems: 50, description: 'The accountability taken (追究责任).' }),
  media: Type.Array(Media, { maxItems: 50, description: 'Where and when it appeared.' }),
};

export const PublicityRecordSchema = Type.Object(
  {
    ...publicFields,
    campaignId: Type.Union([Id('A campaign.'), Type.Null()], { description: 'The campaign, or null.' }),
    personContact: NullableText(100, 'Contact data: only admin and inspector keys see it (null for others); never public, never in the change feed.'),
    personIdNumber: NullableText(18, 'The ID number: only admin and inspector keys see it (null for others); never public, never in the change feed.'),
    internalNotes: NullableText(4000, 'Internal notes: only admin and inspector keys see them (null for others); never public.'),
    links: Links,
    status: PublicityStatusEnum.ref({ description: 'Changed only by :approve, :publish and :withdraw.' }),
    approvedAt: NullableInstant('When admin approved it.'),
    approveReason: NullableText(2000, 'Why it was approved (审核意见), or null when none was given.'),
    publishedAt: NullableInstant('When it was published.'),
    publishReason: NullableText(2000, 'Why it was published.'),
    withdrawnAt: NullableInstant('When it was withdrawn.'),
    withdrawReason: NullableText(2000, 'Why it was withdrawn.'),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Incremented on every change; the ETag is this number quoted.' }),
    createdAt: Instant('Created (UTC).'),
    updatedAt: Instant('Last changed (UTC).'),
  },
  { $id: 'PublicityRecord', description: 'A publicity record (舆论宣传).' },
);
export type PublicityRecord = Static<typeof PublicityRecordSchema>;

export const PublicPublicitySchema = Type.Object(
  { ...publicFields, publishedAt: Instant('When it was published (UTC).') },
  { $id: 'PublicPublicity', description: 'A published record as the public sees it: never contact data, ID numbers, internal notes or links to internal records.' },
);
export type PublicPublicity = Static<typeof PublicPublicitySchema>;

const writable = {
  campaignId: Type.Optional(Id('The campaign.')),
  title: Text(200, 'The headline.'),
  summary: Text(8000, 'What is published.'),
  unitId: Type.Optional(Id('The unit commended or exposed.')),
  personName: Type.Optional(Text(50, 'The person commended or exposed.')),
  personPosition: Type.Optional(Text(100, 'Their post.')),
  personContact: Type.Optional(Text(100, 'Contact data (private).')),
  personIdNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', maxLength: 18, description: 'The 18-character ID number (private).' })),
  internalNotes: Type.Optional(Text(4000, 'Internal notes (private).')),
  handling: Type.Optional(Text(8000, 'How the case was handled (查处情况).')),
  accountability: Type.Optional(Type.Array(Accountability, { maxItems: 50, description: 'The accountability taken (追究责任).' })),
  media: Type.Optional(Type.Array(Media, { maxItems: 50, description: 'Where and when it appeared.' })),
  links: Type.Optional(LinksInput),
};
export const CreatePublicitySchema = Type.Object(
  { kind: PublicityKindEnum.ref({ description: 'What it is.' }), ...writable },
  { $id: 'CreatePublicityRecord', additionalProperties: false, description: 'A new draft, by admin or inspector.' },
);
export type CreatePublicity = Static<typeof CreatePublicitySchema>;
export const UpdatePublicitySchema = Type.Object(
  { ...writable, title: Type.Optional(writable.title), summary: Type.Optional(writable.summary) },
  { $id: 'UpdatePublicityRecord', additionalProperties: false, minProperties: 1, description: 'Fields to change (a draft only; absent = unchanged).' },
);
export type UpdatePublicity = Static<typeof UpdatePublicitySchema>;

export const PublicityQuerySchema = Type.Object(
  {
    kind: Type.Optional(PublicityKindEnum.ref({ description: 'Only this kind.' })),
    status: Type.Optional(PublicityStatusEnum.ref({ description: 'Only this state.' })),
    unitId: Type.Optional(Id('Only records on this unit.')),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PublicityQuery = Static<typeof PublicityQuerySchema>;
export const PublicPublicityQuerySchema = Type.Object(
  { kind: Type.Optional(PublicityKindEnum.ref({ description: 'Only this kind.' })), unitId: Type.Optional(Id('Only records on this unit.')), ...PageQuery },
  { additionalProperties: false },
);
export const PublicityExportQuerySchema = Type.Object(
  {
    kind: Type.Optional(PublicityKindEnum.ref({ description: 'Only this kind.' })),
    status: Type.Optional(PublicityStatusEnum.ref({ description: 'Only this state.' })),
    unitId: Type.Optional(Id('Only records on this unit.')),
    format: exportFormatParam('csv'),
  },
  { additionalProperties: false },
);
export const PublicityPageSchema = PageOf(Type.Ref('PublicityRecord'), 'A page of publicity records, newest first.');
export const PublicPublicityPageSchema = Type.Object(
  {
    items: Type.Array(Type.Ref('PublicPublicity'), { maxItems: 500, description: 'Published records, newest first.' }),
    nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent on the last page.' })),
  },
  { $id: 'PublicPublicityPage', description: 'A page of the published records.' },
);
export const PublicityParams = Type.Object({ recordId: Id('The record’s id.') });
export const ApproveSchema = Type.Object(
  { reason: Type.Optional(Text(2000, 'Why it is approved (审核意见); optional, kept with the record and in the audit trail.')) },
  { additionalProperties: false, description: 'Approval: an optional reason.' },
);
export const ReasonSchema = Type.Object({ reason: Text(2000, 'Why; kept with the record and in the audit trail.') }, { additionalProperties: false, description: 'An action that needs a reason.' });
/** No input: the shared component every action without fields names (route-conventions.ts). */
export { EmptyActionBodySchema as EmptySchema } from '../../http/route-conventions.js';

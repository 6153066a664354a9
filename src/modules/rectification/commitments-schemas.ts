// TypeBox schemas of public commitments (公开承诺, task 1) and the compliance query.
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { Id } from './schemas.js';
import { dateSchema } from '../../lib/dates.js';
import { NonEmptyText } from '../../http/text-schema.js';

export const CommitmentLevelEnum = defineEnum('commitmentLevel', 'Who makes a public commitment.', { unit: '机关承诺', post: '岗位承诺' });
export const CommitmentChannelEnum = defineEnum('commitmentChannel', 'Where a public commitment is published.', { media: '媒体公布', internal: '单位内部公布' });
export const CommitmentStatusEnum = defineEnum('commitmentStatus', 'Whether a commitment is published (derived from publishedOn).', { draft: '未公布', published: '已公布' });

const DateStr = dateSchema;
const Text = NonEmptyText;
const CommitmentItem = Type.Object(
  {
    content: Text(2000, 'What is promised (e.g. 便民利民的内容方式、规章制度、整改时限).'),
    dueDate: Type.Union([DateStr('By when.'), Type.Null()], { description: 'By when, or null.' }),
  },
  { additionalProperties: false, description: 'One promise.' },
);
const Items = Type.Array(CommitmentItem, { minItems: 1, maxItems: 100, description: 'The promises.' });
const PostTitle = Text(100, 'The post (岗位), for post-level commitments.');
const MediaName = Text(100, 'The medium it was published in, e.g. 广西日报.');
const Url = Type.String({ format: 'uri', maxLength: 2000, description: 'Where it can be read.' });

export const CommitmentSchema = Type.Object(
  {
    id: Id('The commitment’s id.'),
    campaignId: Id('The campaign.'),
    unitId: Id('The agency.'),
    level: CommitmentLevelEnum.ref({ description: 'unit (published in the media) or post (published inside the agency).' }),
    postTitle: Type.Union([PostTitle, Type.Null()], { description: 'The post, or null for unit-level.' }),
    items: Items,
    channel: CommitmentChannelEnum.ref({ description: 'Where it is published.' }),
    mediaName: Type.Union([MediaName, Type.Null()], { description: 'The medium, or null.' }),
    url: Type.Union([Url, Type.Null()], { description: 'A link, or null.' }),
    publishedOn: Type.Union([DateStr('The publication date.'), Type.Null()], { description: 'When it was published, or null while a draft.' }),
    status: CommitmentStatusEnum.ref({ description: 'Derived: published when publishedOn is set.' }),
    version: Type.Integer({ maximum: 2147483647, minimum: 1, description: 'The version; the ETag is this number quoted.' }),
    createdAt: Type.String({ format: 'date-time', description: 'When it was created (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', description: 'When it last changed (UTC).' }),
  },
  { $id: 'Commitment', description: 'A public commitment (公开承诺) of an agency or of a post in it.' },
);
export type Commitment = Static<typeof CommitmentSchema>;

export const CreateCommitmentSchema = Type.Object(
  {
    campaignId: Id('The campaign (must exist).'),
    unitId: Type.Optional(Id('The agency (default: the key’s agency; only admin may name another).')),
    level: CommitmentLevelEnum.ref({ description: 'unit or post.' }),
    postTitle: Type.Optional(PostTitle),
    items: Items,
    channel: CommitmentChannelEnum.ref({ description: 'media for unit-level, internal for post-level (the plan’s rule; 422 otherwise).' }),
    mediaName: Type.Optional(MediaName),
    url: Type.Optional(Url),
    publishedOn: Type.Optional(DateStr('When it was published (not in the future); absent while a draft.')),
  },
  { $id: 'CreateCommitment', additionalProperties: false, description: 'A new public commitment.' },
);
export type CreateCommitment = Static<typeof CreateCommitmentSchema>;

export const UpdateCommitmentSchema = Type.Object(
  {
    postTitle: Type.Optional(Type.Union([PostTitle, Type.Null()], { description: 'The post; null clears it.' })),
    items: Type.Optional(Items),
    channel: Type.Optional(CommitmentChannelEnum.ref({ description: 'Where it is published.' })),
    mediaName: Type.Optional(Type.Union([MediaName, Type.Null()], { description: 'The medium; null clears it.' })),
    url: Type.Optional(Type.Union([Url, Type.Null()], { description: 'A link; null clears it.' })),
    publishedOn: Type.Optional(Type.Union([DateStr('The publication date.'), Type.Null()], { description: 'Set to publish; null makes it a draft again.' })),
  },
  { $id: 'UpdateCommitment', additionalProperties: false, minProperties: 1, description: 'The fields to change (absent = unchanged, null = cleared).' },
);
export type UpdateCommitment = Static<typeof UpdateCommitmentSchema>;

export const CommitmentQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only this campaign’s commitments.')),
    unitId: Type.Optional(Id('Only this agency’s.')),
    level: Type.Optional(CommitmentLevelEnum.ref({ description: 'Only this level.' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CommitmentQuery = Static<typeof CommitmentQuerySchema>;
export const CommitmentPageSchema = PageOf(Type.Ref('Commitment'), 'A page of commitments, oldest first.');
export const CommitmentParams = Type.Object({ commitmentId: Id('The commitment’s id.') });

export const ComplianceQuerySchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    asOf: Type.Optional(DateStr('The date to check (default today in Asia/Shanghai); the plan’s deadline is Y-06-30.')),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ComplianceQuery = Static<typeof ComplianceQuerySchema>;

export const ComplianceSchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    asOf: DateStr('The date checked.'),
    deadline: DateStr('The plan’s deadline for commitments (Y-06-30).'),
    totalUnits: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Agencies expected to publish (every agency).' }),
    compliantUnits: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Agencies with a unit-level commitment published on or before asOf.' }),
    items: Type.Array(
      Type.Object({
        unitId: Id('The agency.'),
        name: Type.String({ maxLength: 100, description: 'Its name.' }),
        level: Type.String({ maxLength: 16, description: 'Its administrative level.' }),
      }),
      { maxItems: 500, description: 'The agencies without a published unit-level commitment by asOf (this page).' },
    ),
    nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent on the last page.' })),
  },
  { description: 'Which agencies have not published their commitment (公开承诺) by a date.' },
);

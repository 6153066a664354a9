// The fee-item review (行政事业性收费清理): TypeBox schemas of fee items, reviews, decisions, catalogues and the public check.
import { codeFilter, externalIdFilter, externalIdOut, externalIdPatch, externalIdSchema, nameSearchFilter, updatedSinceFilter } from '../../http/registry-filters.js';
import { Type, type Static, type TSchema } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { dateSchema } from '../../lib/dates.js';
import { MAX_FEN } from '../../lib/money.js';
import { USCC_PATTERN } from '../../lib/uscc.js';
import { UUID_INPUT_PATTERN, idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { ImportSheetQuery } from '../../http/tabular/index.js';
import { Text } from '../../http/text-schema.js';
import { TEXT_CLASS } from '../../lib/text.js';
import { UNIT_REF_ORDER } from '../units/resolver.js';

export const FeeCategoryEnum = defineEnum('feeCategory', 'The category of a fee.', {
  administrative: '行政性收费',
  institutional: '事业性收费',
});
export const FeeBasisLevelEnum = defineEnum('feeBasisLevel', 'Who set the fee (设立级次).', {
  national: '国家(中央)规定',
  regional: '自治区规定',
});
export const FundManagementEnum = defineEnum('fundManagement', 'How the fee income is managed (资金管理方式).', {
  central_treasury: '缴入中央国库',
  central_and_local_treasury: '缴入中央和地方国库',
  local_treasury: '缴入地方国库',
  special_account: '纳入财政专户管理',
});
export const FeeStandardKindEnum = defineEnum('feeStandardKind', 'The shape of a fee standard.', {
  fixed: '固定标准',
  range: '有幅度的标准',
});
export const FeeOutcomeEnum = defineEnum('feeOutcome', 'What happens to a fee: an opinion’s verdict, a recommendation or a decision.', {
  retain: '保留',
  cancel: '取消',
});
export const FeeReviewStatusEnum = defineEnum('feeReviewStatus', 'Where a fee review stands.', {
  declared: '已申报',
  under_review: '审核中(已有一方意见)',
  reviewed: '财政、物价意见齐备(待常务会议审定)',
  decided: '常务会议已审定',
});
export const FeeFindingEffectEnum = defineEnum('feeFindingEffect', 'What a rule finding means for the fee.', {
  retain: '可以保留',
  cancel: '予以取消',
  lower_bound: '按下限执行',
});
export const FeeCheckReasonEnum = defineEnum('feeCheckReason', 'Why a fee may or may not be charged (F5).', {
  listed: '在公布目录内',
  cancelled: '已取消',
  not_in_catalogue: '不在公布目录内,停止执行',
  no_catalogue: '尚未公布收费目录',
});

export const Id = idSchema;
export const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_FEN, description: `${description} Integer fen (分), 0 to ${MAX_FEN}; decimals are refused.` });
const Nullable = <T extends TSchema>(s: T, description: string) => Type.Union([s, Type.Null()], { description });

/** An agency named by its id or its unified social credit code. */
export const UNIT_REF_PATTERN = `^(${UUID_INPUT_PATTERN.slice(1, -1)}|${USCC_PATTERN.slice(1, -1)})$`;

export const FEE_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const Code = Type.String({ pattern: FEE_CODE_PATTERN, maxLength: 64, description: 'The fee’s code (项目编码): unique, the natural key of imports.' });
const FeeName = Text({ minLength: 1, maxLength: 200, description: 'The fee’s name (项目名称).' });
// No slash, no space at either end, and no character the text rule refuses (src/lib/text.ts).
const Per = Type.String({ minLength: 1, maxLength: 20, pattern: `^[^/\\s${TEXT_CLASS}](?:[^/${TEXT_CLASS}]*[^/\\s${TEXT_CLASS}])?$`, description: 'The unit of charge, e.g. 件 for 10元/件, 次 for 5-20元/次.' });
const AnnualVolume = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'How many times a year the fee is charged (年收费量), 0 to 1,000,000,000.' });

export const FeeBasisSchema = Type.Object(
  {
    documentNumber: Text({ minLength: 1, maxLength: 100, description: 'The document number (文号), e.g. 财综〔2004〕5号.' }),
    title: Type.Optional(Text({ minLength: 1, maxLength: 200, description: 'The document’s title.' })),
  },
  { $id: 'FeeBasis', additionalProperties: false, description: 'A policy document the fee rests on (政策依据).' },
);

export const FeeStandardSchema = Type.Object(
  {
    kind: FeeStandardKindEnum.ref({ description: 'fixed: amountFen; range: minFen..maxFen.' }),
    amountFen: Type.Optional(Fen('The amount of a fixed standard.')),
    minFen: Type.Optional(Fen('The lower bound of a range standard.')),
    maxFen: Type.Optional(Fen('The upper bound of a range standard (≥ minFen).')),
    per: Per,
  },
  { $id: 'FeeStandard', additionalProperties: false, description: 'A fee standard (收费标准): a fixed amount or a range, per unit of charge, in fen.' },
);
export type FeeStandard = Static<typeof FeeStandardSchema>;

const feeItemFields = {
  code: Code,
  name: FeeName,
  collectingUnitId: Id('The collecting agency (执收单位).'),
  category: FeeCategoryEnum.ref({ description: 'administrative (行政性) or institutional (事业性).' }),
  basisLevel: FeeBasisLevelEnum.ref({ description: 'national (国家规定) or regional (自治区规定).' }),
  bases: Type.Array(Type.Ref('FeeBasis'), { minItems: 1, maxItems: 20, description: 'The policy documents the fee rests on.' }),
  standard: Type.Ref('FeeStandard'),
};

export const FeeItemSchema = Type.Object(
  {
    id: Id('The fee item’s id (UUIDv7).'),
    ...feeItemFields,
    externalId: externalIdOut('fee item'),
    standard: Type.Ref('FeeStandard', { description: 'The standard as published today.' }),
    fundManagement: Nullable(FundManagementEnum.ref(), 'How the income is managed (资金管理方式), or null when not given.'),
    affectsEnterprises: Type.Boolean({ description: 'Whether enterprises pay the fee (涉企).' }),
    currentChargeFen: Nullable(Fen('What is charged per unit today.'), 'What is charged today per unit of charge (现行收费), or null when not given.'),
    annualVolume: Nullable(AnnualVolume, 'The yearly volume (年收费量), or null when not given.'),
    version: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The version; the ETag is this number quoted.' }),
    createdAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When the item was created (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When the item last changed (UTC).' }),
  },
  { $id: 'FeeItem', description: 'A fee as charged today (现行行政事业性收费项目).' },
);
export type FeeItem = Static<typeof FeeItemSchema>;

export const CreateFeeItemSchema = Type.Object(
  {
    ...feeItemFields,
    externalId: Type.Optional(externalIdSchema('fee item')),
    fundManagement: Type.Optional(FundManagementEnum.ref({ description: 'How the income is managed (资金管理方式).' })),
    affectsEnterprises: Type.Optional(Type.Boolean({ description: 'Whether enterprises pay the fee (涉企); default false.' })),
    currentChargeFen: Type.Optional(Fen('What is charged today per unit of charge (现行收费).')),
    annualVolume: Type.Optional(AnnualVolume),
  },
  { $id: 'CreateFeeItem', additionalProperties: false, description: 'A fee as charged today.' },
);
export type FeeBasisBody = Static<typeof FeeBasisSchema>;
export type CreateFeeItem = Omit<Static<typeof CreateFeeItemSchema>, 'bases' | 'standard'> & { bases: FeeBasisBody[]; standard: FeeStandard };

export const UpdateFeeItemSchema = Type.Object(
  {
    name: Type.Optional(FeeName),
    externalId: externalIdPatch('fee item'),
    collectingUnitId: Type.Optional(Id('The collecting agency (admin only).')),
    category: Type.Optional(FeeCategoryEnum.ref({ description: 'administrative or institutional.' })),
    basisLevel: Type.Optional(FeeBasisLevelEnum.ref({ description: 'national or regional.' })),
    bases: Type.Optional(Type.Array(Type.Ref('FeeBasis'), { minItems: 1, maxItems: 20, description: 'The policy documents.' })),
    standard: Type.Optional(Type.Ref('FeeStandard')),
    fundManagement: Type.Optional(Nullable(FundManagementEnum.ref(), 'How the income is managed; null clears it.')),
    affectsEnterprises: Type.Optional(Type.Boolean({ description: 'Whether enterprises pay the fee.' })),
    currentChargeFen: Type.Optional(Nullable(Fen('What is charged today.'), 'What is charged today; null clears it.')),
    annualVolume: Type.Optional(Nullable(AnnualVolume, 'The yearly volume; null clears it.')),
  },
  { $id: 'UpdateFeeItem', additionalProperties: false, minProperties: 1, description: 'The fields to change (merge patch: absent = unchanged, null = cleared).' },
);
export type UpdateFeeItem = Omit<Static<typeof UpdateFeeItemSchema>, 'bases' | 'standard'> & { bases?: FeeBasisBody[]; standard?: FeeStandard };

export const FEE_ITEM_ORDER_FIELDS = ['code', 'createdAt'] as const;
export const FeeItemQuerySchema = Type.Object(
  {
    collectingUnitId: Type.Optional(Id('Only fees of this collecting agency.')),
    category: Type.Optional(FeeCategoryEnum.ref({ description: 'Only fees of this category.' })),
    basisLevel: Type.Optional(FeeBasisLevelEnum.ref({ description: 'Only fees of this basis level.' })),
    code: codeFilter('fee item'),
    externalId: externalIdFilter('fee item'),
    q: nameSearchFilter('Fee items'),
    updatedSince: updatedSinceFilter('fee items'),
    orderBy: orderByParam(FEE_ITEM_ORDER_FIELDS, 'code'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type FeeItemQuery = Static<typeof FeeItemQuerySchema>;
export const FeeItemPageSchema = PageOf(Type.Ref('FeeItem'), 'A page of fee items.');
export const FeeItemParams = Type.Object({ itemId: Id('The fee item’s id.') });

// Import rows (API.md 17): JSON rows are CreateFeeItem; CSV rows use the Chinese headers of the published lists.
export const FEE_CSV_HEADERS = ['项目编码', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准', '资金管理方式', '涉企', '现行收费(元)', '年收费量', '外部编号'] as const;
export const FeeItemImportJsonSchema = Type.Object(
  { items: Type.Array(Type.Ref('CreateFeeItem'), { minItems: 1, maxItems: 100_000, description: 'The rows; each upserts by code.' }) },
  { additionalProperties: false, description: 'Rows of fee items.' },
);
export const FEE_SHEET_DESCRIPTION = `A sheet with the headers ${FEE_CSV_HEADERS.join(', ')} (the last five optional; 外部编号 is the fee’s id in another system, unique). 执收单位: the agency by ${UNIT_REF_ORDER}; 收费类别: 行政性 or 事业性; 设立级次: 中央/国家 or 省/自治区; 政策依据: documents separated by ；, each "文号《标题》"; 收费标准: e.g. 10元/件, 5-20元/次, 0.5元/页; 现行收费(元): yuan, at most 2 decimals; 涉企: 是 or 否.`;
export const ImportQuerySchema = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ description: 'Validate only: report what would change, write nothing.' })), ...ImportSheetQuery },
  { additionalProperties: false },
);
// Reviews.
export const FindingSchema = Type.Object(
  {
    ruleId: Type.String({ pattern: '^F[1-5]$', maxLength: 2, description: 'The plan’s rule: F1 (行政性), F2 (事业性), F3 (幅度按下限).' }),
    effect: FeeFindingEffectEnum.ref({ description: 'What the rule says about the fee.' }),
    detail: Type.String({ maxLength: 500, description: 'The rule’s words as applied to this fee.' }),
  },
  { $id: 'FeeFinding', description: 'A finding of a rule on a fee.' },
);

const OpinionSchema = Type.Object(
  {
    verdict: FeeOutcomeEnum.ref({ description: 'retain or cancel.' }),
    text: Type.String({ maxLength: 4000, description: 'The opinion.' }),
    givenAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When the opinion was given (UTC).' }),
  },
  { description: 'An opinion of the finance department or the price bureau.' },
);

export const FeeReviewSchema = Type.Object(
  {
    id: Id('The review’s id (UUIDv7).'),
    campaignId: Id('The campaign.'),
    feeItemId: Id('The fee item reviewed.'),
    code: Type.String({ maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The reviewed fee’s code (项目编码) when the review was created: with campaignId it names the review.' }),
    externalId: externalIdOut('review'),
    unitId: Id('The collecting agency that declared it.'),
    status: FeeReviewStatusEnum.ref({ description: 'Where the review stands.' }),
    keptAsNecessary: Type.Boolean({ description: 'For a regional institutional fee: the agency declares it truly necessary (确有必要保留).' }),
    necessityJustification: Nullable(Type.String({ maxLength: 4000 }), 'Why it is truly necessary (required for F2 to allow retaining).'),
    declarationNote: Nullable(Type.String({ maxLength: 4000 }), 'Anything else the agency declares.'),
    financeOpinion: Nullable(OpinionSchema, 'The finance department’s opinion (自治区财政厅), or null while missing.'),
    priceOpinion: Nullable(OpinionSchema, 'The price bureau’s opinion (自治区物价局), or null while missing.'),
    findings: Type.Array(Type.Ref('FeeFinding'), { maxItems: 10, description: 'The findings of rules F1–F3 (computed).' }),
    recommendedOutcome: FeeOutcomeEnum.ref({ description: 'The outcome rules F1–F2 recommend (computed).' }),
    approvedStandardFen: Nullable(Fen('The approved standard.'), 'Read-only, computed (F3): the standard the fee is charged at if retained — a fixed amount, or the lower bound of a range; after the decision, the decided one (null when cancelled).'),
    outcome: Nullable(FeeOutcomeEnum.ref(), 'The executive meeting’s decision, or null while undecided.'),
    decisionId: Nullable(Id('The decision batch.'), 'The decision batch, or null while undecided.'),
    decidedAt: Nullable(Type.String({ format: 'date-time', maxLength: 30 }), 'When it was decided (UTC), or null.'),
    version: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The version; the ETag is this number quoted.' }),
    createdAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When it was declared (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When it last changed (UTC).' }),
  },
  { $id: 'FeeReview', description: 'The review of one fee in one campaign (申报 → 财政厅、物价局审核 → 常务会议审定).' },
);
export type FeeReview = Static<typeof FeeReviewSchema>;

const declarationFields = {
  keptAsNecessary: Type.Optional(Type.Boolean({ description: 'For a regional institutional fee: declare it truly necessary (确有必要保留); default false.' })),
  necessityJustification: Type.Optional(Text({ minLength: 1, maxLength: 4000, description: 'Why it is truly necessary.' })),
  declarationNote: Type.Optional(Text({ minLength: 1, maxLength: 4000, description: 'Anything else the agency declares.' })),
};

export const CreateFeeReviewSchema = Type.Object(
  { campaignId: Id('The campaign.'), feeItemId: Id('The fee item (the caller’s agency must collect it).'), externalId: Type.Optional(externalIdSchema('review')), ...declarationFields },
  { $id: 'CreateFeeReview', additionalProperties: false, description: 'The agency’s declaration of a fee for review.' },
);
export type CreateFeeReview = Static<typeof CreateFeeReviewSchema>;

export const UpdateFeeReviewSchema = Type.Object(
  {
    keptAsNecessary: Type.Optional(Type.Boolean({ description: 'Declare it truly necessary.' })),
    necessityJustification: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 4000 }), 'Why it is truly necessary; null clears it.')),
    declarationNote: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 4000 }), 'A note; null clears it.')),
  },
  { $id: 'UpdateFeeReview', additionalProperties: false, minProperties: 1, description: 'Changes to the declaration (only before any opinion is given).' },
);
export type UpdateFeeReview = Static<typeof UpdateFeeReviewSchema>;

export const OpinionBodySchema = Type.Object(
  {
    verdict: FeeOutcomeEnum.ref({ description: 'retain or cancel.' }),
    text: Text({ minLength: 1, maxLength: 4000, description: 'The opinion.' }),
  },
  { $id: 'FeeOpinionBody', additionalProperties: false, description: 'An opinion on a fee review; a later opinion replaces an earlier one until the decision.' },
);
export type OpinionBody = Static<typeof OpinionBodySchema>;

export const FEE_REVIEW_ORDER_FIELDS = ['createdAt'] as const;
export const FeeReviewQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only reviews of this campaign.')),
    unitId: Type.Optional(Id('Only reviews of this collecting agency.')),
    status: Type.Optional(FeeReviewStatusEnum.ref({ description: 'Only reviews in this status.' })),
    code: codeFilter('reviews of the fee'),
    externalId: externalIdFilter('review'),
    updatedSince: updatedSinceFilter('reviews'),
    orderBy: orderByParam(FEE_REVIEW_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type FeeReviewQuery = Static<typeof FeeReviewQuerySchema>;
export const FeeReviewPageSchema = PageOf(Type.Ref('FeeReview'), 'A page of fee reviews.');
export const FeeReviewParams = Type.Object({ reviewId: Id('The review’s id.') });

export const SummaryQuerySchema = Type.Object({ campaignId: Id('The campaign.') }, { additionalProperties: false });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, description });
export const FeeSummarySchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    reviews: Count('Fee reviews declared.'),
    decided: Count('Reviews the executive meeting decided.'),
    cancelled: Count('Fees cancelled (取消).'),
    retained: Count('Fees retained (保留).'),
    standardLowered: Count('Retained fees whose approved standard is below what was charged before (currentChargeFen, else the top of the standard).'),
    estimatedYearlyReductionFen: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Σ over decided fees with an annualVolume: (charge before − approved standard) × annualVolume; the whole charge for a cancelled fee. Fen.' }),
    feesWithoutVolume: Count('Decided fees without an annualVolume: not in the estimate, counted apart.'),
  },
  { $id: 'FeeReviewSummary', description: 'The outcome figures of the fee cleanup (取消项目数、降低标准数、减轻负担).' },
);
export type FeeSummary = Static<typeof FeeSummarySchema>;

// Decisions.
export const CreateFeeDecisionSchema = Type.Object(
  {
    meetingNumber: Text({ minLength: 1, maxLength: 100, description: 'The executive meeting (e.g. 自治区人民政府第12次常务会议).' }),
    meetingDate: dateSchema('The meeting date (YYYY-MM-DD).'),
    decisions: Type.Array(
      Type.Object(
        { reviewId: Id('The review decided.'), outcome: FeeOutcomeEnum.ref({ description: 'retain or cancel.' }) },
        { additionalProperties: false, description: 'One decision.' },
      ),
      { minItems: 1, maxItems: 5000, description: 'The decisions of the batch: all are written or none.' },
    ),
  },
  { $id: 'CreateFeeDecision', additionalProperties: false, description: 'A batch of decisions of one executive meeting (常务会议审定).' },
);
export type CreateFeeDecision = Static<typeof CreateFeeDecisionSchema>;

export const FeeDecisionSchema = Type.Object(
  {
    id: Id('The batch’s id.'),
    meetingNumber: Type.String({ maxLength: 100, description: 'The executive meeting.' }),
    meetingDate: dateSchema('The meeting date.'),
    decisions: Type.Array(
      Type.Object(
        {
          reviewId: Id('The review.'),
          feeItemId: Id('The fee item.'),
          outcome: FeeOutcomeEnum.ref({ description: 'retain or cancel.' }),
          approvedStandardFen: Nullable(Fen('The approved standard.'), 'The approved standard (F3: the lower bound of a range), or null when cancelled.'),
        },
        { description: 'One decision.' },
      ),
      { maxItems: 5000, description: 'The decisions.' },
    ),
    version: Type.Integer({ minimum: 1, maximum: 1, description: 'Always 1: a decision batch never changes.' }),
    createdAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When it was recorded (UTC).' }),
  },
  { $id: 'FeeDecision', description: 'A batch of decisions of one executive meeting.' },
);
export type FeeDecision = Static<typeof FeeDecisionSchema>;
export const FeeDecisionParams = Type.Object({ decisionId: Id('The batch’s id.') });

// Catalogues.
export const CreateFeeCatalogueSchema = Type.Object(
  {
    publishedOn: dateSchema('The publication date (YYYY-MM-DD).'),
    documentNumber: Text({ minLength: 1, maxLength: 100, description: 'The document that publishes it (e.g. 桂政发〔2027〕12号); unique.' }),
  },
  { $id: 'CreateFeeCatalogue', additionalProperties: false, description: 'Publish a new catalogue version from every fee’s latest decision.' },
);
export type CreateFeeCatalogue = Static<typeof CreateFeeCatalogueSchema>;

export const FeeCatalogueSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The catalogue version (1, 2, ...); also its ETag. Never changes once published.' }),
    publishedOn: dateSchema('The publication date.'),
    documentNumber: Type.String({ maxLength: 100, description: 'The publishing document.' }),
    retainedCount: Count('Fees listed (retained).'),
    cancelledCount: Count('Fees recorded as cancelled.'),
    publishedAt: Type.String({ format: 'date-time', maxLength: 30, description: 'When it was published (UTC).' }),
  },
  { $id: 'FeeCatalogue', description: 'A published, immutable version of the fee catalogue (收费目录).' },
);
export type FeeCatalogue = Static<typeof FeeCatalogueSchema>;
export const FeeCatalogueQuerySchema = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const FeeCataloguePageSchema = PageOf(Type.Ref('FeeCatalogue'), 'Catalogue versions, newest first.');
export const FeeCatalogueParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'The catalogue version.' }) });

// Public.
export const PublicFeeEntrySchema = Type.Object(
  {
    code: Code,
    name: FeeName,
    collectingUnitId: Id('The collecting agency.'),
    collectingUnitName: Type.String({ maxLength: 100, description: 'The collecting agency’s name.' }),
    collectingUnitCreditCode: Nullable(Type.String({ pattern: USCC_PATTERN, maxLength: 18 }), 'Its unified social credit code, or null.'),
    category: FeeCategoryEnum.ref({ description: 'administrative or institutional.' }),
    basisLevel: FeeBasisLevelEnum.ref({ description: 'national or regional.' }),
    bases: Type.Array(Type.Ref('FeeBasis'), { maxItems: 20, description: 'The policy documents.' }),
    publishedStandard: Type.Ref('FeeStandard', { description: 'The standard as declared.' }),
    approvedStandardFen: Fen('The standard to charge (F3: the lower bound of a range).'),
    per: Per,
  },
  { $id: 'PublicFeeEntry', description: 'A fee listed in a published catalogue. No personal data.' },
);
export const PublicCatalogueQuerySchema = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'A catalogue version; default the latest.' })),
    unit: Type.Optional(Type.String({ maxLength: 36, pattern: UNIT_REF_PATTERN, description: 'Only fees of this agency (id, in any case, or credit code).' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PublicCatalogueQuery = Static<typeof PublicCatalogueQuerySchema>;
export const PublicCataloguePageSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The catalogue version.' }),
    publishedOn: dateSchema('The publication date.'),
    documentNumber: Type.String({ maxLength: 100, description: 'The publishing document.' }),
    items: Type.Array(Type.Ref('PublicFeeEntry'), { maxItems: 500, description: 'The fees of this page, by code.' }),
    nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent on the last page.' })),
  },
  { $id: 'PublicFeeCataloguePage', description: 'A page of a published fee catalogue.' },
);

export const FeeCheckQuerySchema = Type.Object(
  {
    unit: Type.String({ maxLength: 36, pattern: UNIT_REF_PATTERN, description: 'The collecting agency: its unified social credit code or its id (in any case).' }),
    item: Type.Optional(Type.String({ pattern: FEE_CODE_PATTERN, maxLength: 64, description: 'The fee’s code (give item or name).' })),
    name: Type.Optional(Text({ minLength: 1, maxLength: 200, description: 'The fee’s exact name (give item or name).' })),
  },
  { additionalProperties: false },
);
export type FeeCheckQuery = Static<typeof FeeCheckQuerySchema>;
export const FeeCheckSchema = Type.Object(
  {
    permitted: Type.Boolean({ description: 'Whether the fee may be charged (F5: 凡不在公布目录的行政事业性收费一律停止执行).' }),
    standard: Nullable(Type.Ref('FeeStandard'), 'The standard to charge when permitted (a range is charged at its lower bound: kind fixed), else null.'),
    catalogueVersion: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }), 'The catalogue version consulted, or null when none is published.'),
    reason: FeeCheckReasonEnum.ref({ description: 'listed, cancelled, not_in_catalogue or no_catalogue.' }),
  },
  { $id: 'FeeCheck', description: 'May this agency charge this fee, and at what standard?' },
);
export type FeeCheck = Static<typeof FeeCheckSchema>;

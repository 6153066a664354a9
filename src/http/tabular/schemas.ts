// The contract of every import's report (one component, ImportReport).
import { Type } from 'typebox';
import { IMPORT_ERROR_CODES, IMPORT_WARNING_CODES } from './errors.js';
import { stringEnum } from '../../lib/enums.js';

const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 2147483647, description });

export const ImportReportSchema = Type.Object(
  {
    dryRun: Type.Boolean({ description: 'True when nothing was written.' }),
    created: Count('Rows that created a record.'),
    updated: Count('Rows that changed an existing record.'),
    unchanged: Count('Rows equal to the stored record.'),
    rows: Count('Data rows read.'),
    source: Type.Object(
      {
        format: stringEnum(['json', 'csv', 'tsv', 'xlsx', 'xls', 'ods'], { description: 'How the body was read.' }),
        encoding: Type.Optional(Type.String({ maxLength: 40, description: 'csv/tsv: the text encoding used (UTF-8, GB18030, UTF-16LE, UTF-16BE, or the declared charset).' })),
        encodingSource: Type.Optional(stringEnum(['bom', 'charset', 'detected'], { description: 'How the encoding was chosen: a byte order mark, the charset= of Content-Type, or detection (strict UTF-8, else GB18030).' })),
        sheet: Type.Optional(Type.String({ maxLength: 31, description: 'xlsx, xls, ods: the sheet read.' })),
      },
      { additionalProperties: false, description: 'What was read.' },
    ),
    results: Type.Array(
      Type.Object(
        {
          row: Count('The row: as Excel shows it for csv and workbooks (header = row 1), the 1-based item index for JSON.'),
          outcome: stringEnum(['created', 'updated', 'unchanged'], { description: 'What the row did (would do, on a dry run).' }),
          id: Type.String({ maxLength: 36, description: 'The record’s id (on a dry run, new records get ids that are not kept).' }),
          code: Type.Union([Type.String({ maxLength: 64, description: 'The code.' }), Type.Null()], { description: 'The record’s code (generated for new ledger items without one), or null.' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000000, description: 'One entry per written row, in row order, so generated codes can be written back into the sheet (or ask ?format=xlsx|csv).' },
    ),
    warnings: Type.Array(
      Type.Object(
        {
          in: Type.Literal('row', { description: 'Always row: a warning is about one row.' }),
          row: Count('The row.'),
          pointer: Type.String({ maxLength: 300, description: 'The column or field.' }),
          code: Type.String({ maxLength: 40, description: `One of: ${Object.entries(IMPORT_WARNING_CODES).map(([k, v]) => `${k} (${v})`).join('; ')}.` }),
          detail: Type.String({ maxLength: 1000, description: 'What the caveat is, in words.' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000000, description: 'Rows imported with a caveat.' },
    ),
  },
  {
    $id: 'ImportReport',
    description: `What an import did (or would do, on a dry run). A 422 IMPORT_INVALID lists row errors whose code is one of: ${Object.entries(IMPORT_ERROR_CODES).map(([k, v]) => `${k} (${v})`).join('; ')}.`,
  },
);

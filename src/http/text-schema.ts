// The one builder of free-text string schemas (issue 21.5): every request string without its own enum, format, const
// or pattern states the text rule of src/lib/text.ts as its `pattern`, so a client-side validator (a portal's form,
// Prism, a generated client) refuses what the server refuses. test/openapi/text-pattern.test.ts walks the document
// and fails on a request string that lacks it.
//
// Line feeds, carriage returns and tabs stay allowed in every field, titles and names included, as the service has
// always accepted them: sheets carry Alt+Enter line breaks in any cell (a title pasted from a document, an agency's
// name split over two lines), an import would have to explain such a refusal per row, and a line break in a title is
// harmless to storage and exports (CSV quotes it, xlsx keeps it). Fields that must be one token (codes, externalIds,
// ids, numbers) have their own stricter pattern instead.
//
// The server checks the same rule before schema validation (src/http/validation.ts refuseDisallowedText), so a refused
// character answers with the message naming it, not Ajv's "must match pattern"; lone surrogates, which the pattern
// leaves out (see TEXT_PATTERN), are refused there too.
import { Type, type TString, type TStringOptions } from 'typebox';
import { TEXT_PATTERN } from '../lib/text.js';

export { TEXT_PATTERN };

/** Options of a text field: its bounds and description (a pattern of its own would replace the rule: use Type.String). */
export type TextOptions = Omit<TStringOptions, 'pattern' | 'format'> & { maxLength: number; description?: string };

/** A free-text string schema: the given bounds and description, and the text rule as its `pattern`. */
export function Text(options: TextOptions): TString {
  return Type.String({ ...options, pattern: TEXT_PATTERN });
}

/** The usual shape: required, non-empty text of at most `maxLength` characters. */
export const NonEmptyText = (maxLength: number, description: string): TString => Text({ minLength: 1, maxLength, description });

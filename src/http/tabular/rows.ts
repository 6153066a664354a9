// The row check of every import (issue 12.15): a TypeBox check compiled once, that first lower-cases the ids of the
// row in place — the fields whose schema carries the `x-lowercase` keyword that Ajv applies to paths, queries and JSON
// bodies (src/http/validation.ts) — so ids in CSV/xlsx cells and JSON import rows are accepted in any case, like
// everywhere else, and reach the services lower-case. Agencies named in rows: src/modules/units/resolver.ts.
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { LOWERCASE_KEYWORD } from '../../lib/ids.js';

type Walk = (value: unknown) => unknown;
type SchemaNode = { [LOWERCASE_KEYWORD]?: boolean; $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[] };

/** The walk that lower-cases the `x-lowercase` strings of a value of `schema` ($refs resolved in `context`), or null when it has none. */
function lowerCaser(schema: SchemaNode, context: Record<string, SchemaNode>, seen = new Set<string>()): Walk | null {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = context[name];
    if (!target || seen.has(name)) return null;
    return lowerCaser(target, context, new Set([...seen, name]));
  }
  if (schema[LOWERCASE_KEYWORD]) return (v) => (typeof v === 'string' ? v.toLowerCase() : v);
  const walks: Walk[] = [];
  if (schema.properties) {
    const fields = Object.entries(schema.properties).flatMap(([k, s]) => {
      const w = lowerCaser(s, context, seen);
      return w ? [[k, w] as const] : [];
    });
    if (fields.length) {
      walks.push((v) => {
        if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, w] of fields) if (k in v) (v as Record<string, unknown>)[k] = w((v as Record<string, unknown>)[k]);
        return v;
      });
    }
  }
  if (schema.items) {
    const w = lowerCaser(schema.items, context, seen);
    if (w) walks.push((v) => (Array.isArray(v) ? v.map(w) : v));
  }
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const w = lowerCaser(member, context, seen);
    if (w) walks.push(w);
  }
  if (!walks.length) return null;
  return (v) => walks.reduce((acc, w) => w(acc), v);
}

export interface RowCheck {
  /** Lower-cases the row's ids in place, then checks it. */
  Check(value: unknown): boolean;
  /** The errors of a row (its ids lower-cased in place first). */
  Errors(value: unknown): Iterable<{ instancePath: string; keyword?: string; params?: Record<string, unknown>; message: string }>;
}

/** The compiled check of an import row: `Compile(context, schema)` that accepts ids in any case (see above). */
export function compileRow(schema: TSchema, context: Record<string, TSchema> = {}): RowCheck {
  const compiled = Object.keys(context).length ? Compile(context, schema) : Compile(schema);
  const lower = lowerCaser(schema as SchemaNode, context as Record<string, SchemaNode>) ?? ((v: unknown) => v);
  return {
    Check: (value) => compiled.Check(lower(value)),
    Errors: (value) => compiled.Errors(lower(value)) as ReturnType<RowCheck['Errors']>,
  };
}

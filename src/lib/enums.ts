// Every enum of the API in one registry: values are lower snake_case (API.md 4), labels are zh-CN data.
// Each enum becomes a named OpenAPI component whose description lists its labels, and
// GET /v1/meta/enums serves the same labels to clients that render them.
import { Type, type TSchema, type TUnsafe } from 'typebox';

export interface EnumDefinition<V extends string> {
  name: string;
  values: readonly V[];
  labels: Readonly<Record<V, string>>;
  /** The component schema (with $id) to register with Fastify. */
  schema: TSchema & { $id: string };
  /** A reference to the component, typed as the union of its values. */
  ref: (options?: { description?: string }) => TUnsafe<V>;
}

const registry = new Map<string, EnumDefinition<string>>();

/** Declares an enum once. `name` is the camelCase key in /v1/meta/enums; the component is its PascalCase. */
export function defineEnum<const V extends string>(
  name: string,
  description: string,
  labels: Record<V, string>,
): EnumDefinition<V> {
  if (registry.has(name)) return registry.get(name) as unknown as EnumDefinition<V>;
  const values = Object.keys(labels) as V[];
  const id = name[0].toUpperCase() + name.slice(1);
  const labelText = values.map((v) => `\`${v}\` ${labels[v]}`).join('; ');
  const schema = Type.Unsafe<V>({
    $id: id,
    type: 'string',
    enum: values,
    description: `${description} zh-CN labels: ${labelText}. Clients must tolerate values added later.`,
  }) as unknown as TSchema & { $id: string };
  const def: EnumDefinition<V> = {
    name,
    values,
    labels,
    schema,
    ref: (options) => Type.Unsafe<V>({ $ref: id, ...(options?.description ? { description: options.description } : {}) }),
  };
  registry.set(name, def as unknown as EnumDefinition<string>);
  return def;
}

/**
 * A small closed list of strings that needs no labels of its own (an export format, a grouping): `{ type: 'string',
 * enum }`, never an anyOf of constants (`Type.Union` of `Type.Literal`s), so Swagger UI's dropdown offers every value,
 * a client-side validator agrees with the server, and a bad value's 400 names the accepted ones (API.md 26, issue 21.5).
 */
export function stringEnum<const V extends string>(values: readonly [V, ...V[]], options: { description?: string; default?: NoInfer<V> } = {}): TUnsafe<V> {
  return Type.Unsafe<V>({ type: 'string', enum: [...values], ...options });
}

export function allEnums(): EnumDefinition<string>[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

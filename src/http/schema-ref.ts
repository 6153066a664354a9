// A typed reference to a registered component: the route keeps its static type, the document gets a $ref.
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

export function refOf<T extends TSchema>(schema: T): TUnsafe<Static<T>> {
  const id = (schema as { $id?: string }).$id;
  if (!id) throw new Error('refOf needs a schema with $id');
  return Type.Unsafe<Static<T>>({ $ref: id });
}

// Ajv set up for a strict contract (API.md 6): unknown fields are rejected, never stripped; bodies are never
// type-coerced ("100" is not 100); query strings and path parameters are, as they only carry text.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isValidDate } from '../lib/dates.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export function installValidators(app: FastifyInstance) {
  const base: Options = { removeAdditional: false, useDefaults: true, strict: false, allErrors: false };
  const bodyAjv = new Ajv({ ...base, coerceTypes: false, allErrors: true });
  const paramAjv = new Ajv({ ...base, coerceTypes: 'array' });
  for (const ajv of [bodyAjv, paramAjv]) {
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    ajv.addFormat('date', { type: 'string', validate: isValidDate });
  }
  const added = new Set<string>();
  app.setValidatorCompiler(({ schema, httpPart }) => {
    for (const [id, s] of Object.entries(app.getSchemas())) {
      if (added.has(id)) continue;
      bodyAjv.addSchema(s as object, id);
      paramAjv.addSchema(s as object, id);
      added.add(id);
    }
    const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
    const id = (schema as { $id?: string }).$id;
    const validate = (id && ajv.getSchema(id)) || ajv.compile(schema as FastifySchema & object);
    return validate as never;
  });
}

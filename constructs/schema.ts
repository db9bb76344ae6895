/** Validates a manifest against schema.json (JSON Schema 2020-12) with ajv. */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import schema from '../schema.json';

let validator: ValidateFunction | undefined;

/** The compiled manifest validator (compiled once). */
export function manifestValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Problems of a manifest as `<json path> <message>`; [] when valid. */
export function schemaProblems(manifest: unknown): string[] {
  const validate = manifestValidator();
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * Validates a manifest against schema.json (JSON Schema 2020-12) with ajv, and plain-data construct
 * props against its `$defs`. The validators are compiled once per schema (compiled-schema.ts).
 */
import type { ValidateFunction } from 'ajv/dist/2020';
import schema from '../schema.json';
import { compiledSchema } from './compiled-schema';

/** Construct props described in schema.json's $defs. */
export const PROPS_SCHEMA_NAMES = [
  'AppProps',
  'NodeSelectorProps',
  'NetworkProps',
  'MachineProps',
  'DiskProps',
  'PublicIpProps',
  'ZdbProps',
  'ZstorClusterProps',
  'QsfsProps',
  'KubernetesClusterProps',
  'GatewayNameProps',
  'GatewayFqdnProps',
  'DaoProposalProps',
  'DaoVoteProps',
] as const;

/** Construct props described in schema.json's $defs, e.g. 'ZdbProps'. */
export type PropsSchemaName = (typeof PROPS_SCHEMA_NAMES)[number];

let validators: Readonly<Record<string, ValidateFunction>> | undefined;

const validatorsOf = () => (validators ??= compiledSchema(schema, PROPS_SCHEMA_NAMES).validators);

/** The compiled manifest validator (compiled once). */
export function manifestValidator(): ValidateFunction {
  return validatorsOf().manifest;
}

/** Problems of a manifest as `<json path> <message>`; [] when valid. */
export function schemaProblems(manifest: unknown): string[] {
  const validate = manifestValidator();
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Problems of plain-data props (e.g. read from YAML) against schema.json's `$defs/<name>`; [] when valid. */
export function propsProblems(name: PropsSchemaName, props: unknown): string[] {
  const validate = validatorsOf()[name];
  if (!validate) return [`schema.json has no $defs/${name}`];
  if (validate(props)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

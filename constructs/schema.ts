/**
 * Validates a manifest against schema.json (JSON Schema 2020-12) with ajv, and plain-data construct
 * props against its `$defs`. The validators are compiled once per schema (compiled-schema.ts).
 */
import type { ValidateFunction } from 'ajv/dist/2020';
import schema from '../schema.json';
import { compiledSchema } from './compiled-schema';

/** Construct props described in schema.json's $defs, e.g. 'ZdbProps'. */
export type PropsSchemaName =
  | 'AppProps'
  | 'NodeSelectorProps'
  | 'NetworkProps'
  | 'MachineProps'
  | 'DiskProps'
  | 'PublicIpProps'
  | 'ZdbProps'
  | 'ZstorClusterProps'
  | 'QsfsProps'
  | 'KubernetesClusterProps'
  | 'GatewayNameProps'
  | 'GatewayFqdnProps'
  | 'DaoProposalProps'
  | 'DaoVoteProps';

/** Each name once: the compiler refuses a record that misses one or adds another. */
const PROPS_SCHEMAS: Record<PropsSchemaName, true> = {
  AppProps: true,
  NodeSelectorProps: true,
  NetworkProps: true,
  MachineProps: true,
  DiskProps: true,
  PublicIpProps: true,
  ZdbProps: true,
  ZstorClusterProps: true,
  QsfsProps: true,
  KubernetesClusterProps: true,
  GatewayNameProps: true,
  GatewayFqdnProps: true,
  DaoProposalProps: true,
  DaoVoteProps: true,
};

/** Every PropsSchemaName: the $defs compiled with the manifest's validator. */
export const PROPS_SCHEMA_NAMES = Object.keys(PROPS_SCHEMAS) as readonly PropsSchemaName[];

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

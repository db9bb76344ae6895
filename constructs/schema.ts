/** Validates a manifest against schema.json (JSON Schema 2020-12) with ajv. */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import schema from '../schema.json';

let validator: ValidateFunction | undefined;
let ajv: Ajv2020 | undefined;

/** The compiled manifest validator (compiled once). */
export function manifestValidator(): ValidateFunction {
  if (!validator) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
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

/** Problems of plain-data props (e.g. read from YAML) against schema.json's `$defs/<name>`; [] when valid. */
export function propsProblems(name: PropsSchemaName, props: unknown): string[] {
  manifestValidator();
  const validate = ajv!.getSchema(`${schema.$id}#/$defs/${name}`);
  if (!validate) return [`schema.json has no $defs/${name}`];
  if (validate(props)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

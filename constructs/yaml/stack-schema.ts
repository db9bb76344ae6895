/**
 * The JSON Schema of YAML stack files (stack.schema.json), made from the construct props in
 * schema.json's `$defs` and the kind table: each kind is its props with `kind`, fields naming
 * resources become names, an flist becomes a name or url, and numbers and booleans may also be
 * `${env:NAME}`. Editors use it for completion and checks; the loader uses it for the keys a
 * resource may have. `npm run schema:stack` writes it; a test keeps the checked-in file current.
 */
import manifestSchema from '../../schema.json';
import { KIND_NAMES, KINDS, type KindSpec, type RefSpec } from './kinds';

type Json = Record<string, unknown>;

export const STACK_SCHEMA_ID = 'https://tfgrid-iac.dev/schema/stack.json';

/** The pattern of a value read from the environment: `${env:NAME}`, `${env:NAME:plain}`, `${env:NAME:-default}`. */
export const ENV_PATTERN = '\\$\\{env:[A-Za-z_][A-Za-z0-9_]*(:plain)?(:-[^}]*)?\\}';

const DEFS = manifestSchema.$defs as unknown as Record<string, Json>;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** `v` with `$ref`s to object definitions inlined (they get patched per kind); others point at `definitions`. */
function inline(v: unknown, used: Set<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => inline(x, used));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Json;
  if (typeof o.$ref === 'string') {
    const name = o.$ref.replace('#/$defs/', '');
    const def = DEFS[name];
    if (def && (def.type === 'object' || 'properties' in def)) return inline(clone(def), used);
    used.add(name);
    return { ...o, $ref: `#/definitions/${name}` };
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, inline(x, used)]));
}

/** Numbers and booleans may be read from the environment too. */
function allowEnv(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(allowEnv);
  if (v === null || typeof v !== 'object') return v;
  const o = Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, allowEnv(x)]));
  if (o.type === 'number' || o.type === 'integer' || o.type === 'boolean') {
    const { description, ...rest } = o;
    return { ...(description ? { description } : {}), anyOf: [rest, { $ref: '#/definitions/envValue' }] };
  }
  return o;
}

/** The object schema at `segments` under `schema` (through items and anyOf), or undefined. */
function objectAt(schema: Json, segments: string[]): Json | undefined {
  let at: Json | undefined = schema;
  for (const seg of segments) {
    if (!at) return undefined;
    if (seg === '[]') at = at.items as Json | undefined;
    else {
      const holder: Json | undefined = [at, ...((at.anyOf as Json[] | undefined) ?? [])].find(
        (s) => (s.properties as Json | undefined)?.[seg] !== undefined,
      );
      at = holder ? ((holder.properties as Json)[seg] as Json) : undefined;
    }
  }
  return at;
}

/** Replaces the schema at a field path (`a.b`, `a[].b`) by `replacement`. */
function patch(schema: Json, field: string, replacement: Json): void {
  const segments = field.replace(/\[\]/g, '.[]').split('.');
  const last = segments.pop()!;
  const parent = objectAt(schema, segments);
  const holder = parent
    ? [parent, ...((parent.anyOf as Json[] | undefined) ?? [])].find(
        (s) => (s.properties as Json | undefined)?.[last] !== undefined,
      )
    : undefined;
  if (!holder) throw new Error(`stack schema: ${field} is not a field of the props schema`);
  (holder.properties as Json)[last] = replacement;
}

function refSchema(ref: RefSpec): Json {
  const what = `the name of a ${ref.kinds.join(' or ')} resource of this stack`;
  return ref.literal
    ? { type: 'string', description: `${what}, or a proposal hash ('0x' + 64 hex)` }
    : { type: 'string', description: what };
}

function kindSchema(kind: string, spec: KindSpec, used: Set<string>): Json {
  const props = inline(clone(DEFS[spec.props]), used) as Json;
  for (const [field, ref] of Object.entries(spec.refs)) {
    if (field.endsWith('|[]')) {
      const one = refSchema(ref);
      patch(props, field.slice(0, -3), { anyOf: [one, { type: 'array', minItems: 1, items: one }] });
    } else patch(props, field, refSchema(ref));
  }
  for (const [field, value] of Object.entries(spec.values ?? {})) patch(props, field, clone(value.schema));
  const withEnv = allowEnv(props) as Json;
  return {
    ...withEnv,
    description: `a ${kind} (the props of the ${kind} construct, docs/constructs.md)`,
    required: ['kind', ...((withEnv.required as string[] | undefined) ?? [])],
    properties: { kind: { const: kind }, ...(withEnv.properties as Json) },
  };
}

/** The stack file schema (JSON Schema draft-07, which editors' YAML support reads). */
export function stackSchema(): Json {
  const used = new Set<string>();
  const kinds = Object.fromEntries(
    KIND_NAMES.map((k) => [k, kindSchema(k, KINDS[k] as KindSpec, used)] as const),
  );
  const app = allowEnv(inline(clone(DEFS.AppProps), used)) as Json;
  const { projectName, ...appFields } = app.properties as Json;
  const definitions: Json = {
    envValue: {
      type: 'string',
      description:
        'a value read from the environment: ${env:NAME} (secret), ${env:NAME:plain}, ${env:NAME:-default}',
      pattern: `^${ENV_PATTERN}$`,
    },
    resource: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: KIND_NAMES, description: 'what the resource is: a construct class' } },
      allOf: KIND_NAMES.map((k) => ({
        if: { properties: { kind: { const: k } }, required: ['kind'] },
        then: { $ref: `#/definitions/${k}` },
      })),
    },
    ...kinds,
  };
  for (let added = true; added; ) {
    added = false;
    for (const name of [...used].sort()) {
      if (name in definitions) continue;
      definitions[name] = inline(clone(DEFS[name]), used);
      added = true;
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: STACK_SCHEMA_ID,
    title: 'tfgrid-iac stack',
    description:
      'A tfgrid stack file (docs/yaml.md): the project, its network and its resources by name. Generated from schema.json by constructs/yaml/stack-schema.ts (npm run schema:stack): do not edit.',
    type: 'object',
    additionalProperties: false,
    required: ['project', 'resources'],
    properties: {
      project: projectName,
      ...appFields,
      resources: {
        type: 'object',
        description: 'the resources by name; a name is how other resources refer to it',
        additionalProperties: { $ref: '#/definitions/resource' },
      },
    },
    definitions,
  };
}

/** The schema as the checked-in file holds it. */
export function stackSchemaText(): string {
  return `${JSON.stringify(stackSchema(), null, 2)}\n`;
}

/** `npm run schema:stack`: writes stack.schema.json at the package root. */
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');
  const file = path.join(__dirname, '..', '..', 'stack.schema.json');
  fs.writeFileSync(file, stackSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

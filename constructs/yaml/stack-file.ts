/**
 * A YAML stack file read into resource declarations, keeping where every value was written. What
 * only the file can get wrong is found here: YAML syntax, unknown kinds and keys, names that name
 * no resource or one of another kind, reference cycles, unset environment variables. Everything
 * about the values themselves is left to the constructs (load-stack.ts builds them).
 */
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import { showValue } from '../errors';
import { interpolate, type EnvUse } from './env';
import { KIND_NAMES, kindSpec, type KindSpec, type RefSpec } from './kinds';
import { PositionedYaml } from './positioned-yaml';
import { stackSchema } from './stack-schema';
import { closest, didYouMean } from './suggest';

type Json = Record<string, unknown>;

/** A name written where a resource is expected; replaced by the construct when it is built. */
export class Ref {
  constructor(
    readonly name: string,
    readonly field: string,
    readonly spec: RefSpec,
  ) {}
}

/** A value that read environment variables. */
export interface EnvSite {
  readonly field: string;
  readonly node: YamlNode;
  readonly uses: readonly EnvUse[];
  readonly value?: string;
}

/** One resource of the file. */
export interface ResourceDecl {
  readonly name: string;
  readonly kind: string;
  readonly spec: KindSpec;
  /** the resource's name in the file */
  readonly keyNode: YamlNode;
  /** the props as written, names of other resources as Ref */
  props: Record<string, unknown>;
  readonly refs: Ref[];
  /** field path (`disks[0].sizeGb`) -> the value written there */
  readonly fields: Map<string, YamlNode>;
  readonly envSites: EnvSite[];
  /** fields this file already reported a problem on (the construct's own report of them is dropped) */
  readonly reported: Set<string>;
}

const SCHEMA = stackSchema();
const DEFINITIONS = SCHEMA.definitions as Record<string, Json>;

function resolve(schema: Json | undefined): Json {
  if (!schema) return {};
  const ref = schema.$ref;
  return typeof ref === 'string' ? resolve(DEFINITIONS[ref.replace('#/definitions/', '')]) : schema;
}

/** The alternative of `schema` describing a map (its properties), if any. */
function objectSchema(schema: Json): Json | undefined {
  const s = resolve(schema);
  if (s.properties || s.additionalProperties !== undefined) return s;
  return ((s.anyOf as Json[] | undefined) ?? []).map(resolve).find((a) => a.properties !== undefined);
}

/** The non-string scalar type a field takes ('number' | 'integer' | 'boolean'), if any. */
function scalarType(schema: Json): string | undefined {
  const s = resolve(schema);
  return [s, ...((s.anyOf as Json[] | undefined) ?? []).map(resolve)]
    .map((a) => a.type)
    .find((t): t is string => t === 'number' || t === 'integer' || t === 'boolean');
}

export class StackFile {
  /** problems of the file, each `file:line:col: message` */
  readonly problems: string[] = [];
  /** true when the file is not YAML, or not a map: nothing else is checked */
  fatal: boolean;
  /** names declared with a kind that is not one (references to them are not reported again) */
  private readonly badNames = new Set<string>();
  readonly appProps: Record<string, unknown> = {};
  /** top-level field -> value node */
  readonly appFields = new Map<string, YamlNode>();
  readonly appEnvSites: EnvSite[] = [];
  readonly resources: ResourceDecl[] = [];
  private readonly yaml: PositionedYaml;

  constructor(
    /** the file as the user named it */
    readonly file: string,
    text: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.yaml = new PositionedYaml(file, text);
    for (const e of this.yaml.syntaxErrors)
      this.problems.push(`${this.yaml.atOffset(e.offset)}: ${e.message}`);
    this.fatal = this.problems.length > 0;
    if (this.fatal) return;
    this.readTop();
    if (this.problems.length === 0 || this.resources.length > 0) this.checkReferences();
  }

  /** `file:line:col` of a node (of the file's start without one). */
  at(node: YamlNode | undefined): string {
    return this.yaml.at(node);
  }

  private readTop(): void {
    const top = this.yaml.doc.contents;
    if (!isMap(top)) {
      this.fatal = true;
      this.problems.push(
        `${this.at(top ?? undefined)}: the stack must be a map with 'project' and 'resources', got ${showValue(this.yaml.doc.toJS())}: start from the example in docs/yaml.md`,
      );
      return;
    }
    const allowed = Object.keys(SCHEMA.properties as Json);
    let resources: YamlNode | undefined;
    for (const pair of top.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const value = (pair.value ?? pair.key) as YamlNode;
      if (key === 'resources') {
        resources = pair.value as YamlNode;
        continue;
      }
      if (!allowed.includes(key)) {
        this.problems.push(
          `${this.at(pair.key as YamlNode)}: stack '${key}' is not a stack field, got ${showValue(this.plain(pair.value as YamlNode))}: ${didYouMean(key, allowed, 'stack fields')}`,
        );
        continue;
      }
      const schema = (SCHEMA.properties as Record<string, Json>)[key];
      const field = key === 'project' ? 'projectName' : key;
      const walk = new Walk(this, undefined, this.appFields, this.appEnvSites);
      this.appProps[field] = walk.value(value, schema, key);
    }
    if (resources === undefined) {
      this.problems.push(
        `${this.at(top)}: stack 'resources' is missing: add resources: with at least one resource (docs/yaml.md)`,
      );
      return;
    }
    if (!isMap(resources)) {
      this.problems.push(
        `${this.at(resources)}: stack 'resources' must be a map of resource names to resources, got ${showValue(this.plain(resources))}: write resources:\n  name:\n    kind: Machine\n    ...`,
      );
      return;
    }
    for (const pair of resources.items) this.readResource(pair.key as YamlNode, pair.value as YamlNode);
  }

  private readResource(keyNode: YamlNode, node: YamlNode | null): void {
    const name = String(isScalar(keyNode) ? keyNode.value : keyNode);
    const at = this.at(keyNode);
    if (!isMap(node)) {
      this.badNames.add(name);
      this.problems.push(
        `${at}: ${name}: resource must be a map with 'kind' and its props, got ${showValue(this.plain(node))}: write kind: and the props under the name`,
      );
      return;
    }
    const kindPair = node.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
    const kind = isScalar(kindPair?.value) ? String(kindPair.value.value) : undefined;
    const spec = kind !== undefined ? kindSpec(kind) : undefined;
    if (!spec) {
      this.badNames.add(name);
      const got = kindPair ? showValue(this.plain(kindPair.value as YamlNode)) : 'nothing';
      const fix =
        kind !== undefined
          ? didYouMean(kind, KIND_NAMES, 'kinds')
          : `add kind: one of ${KIND_NAMES.join(', ')}`;
      this.problems.push(
        `${this.at((kindPair?.value as YamlNode) ?? keyNode)}: ${name}: 'kind' must be a resource kind, got ${got}: ${fix}`,
      );
      return;
    }
    const decl: ResourceDecl = {
      name,
      kind: kind!,
      spec,
      keyNode,
      props: {},
      refs: [],
      fields: new Map(),
      envSites: [],
      reported: new Set(),
    };
    const walk = new Walk(this, decl, decl.fields, decl.envSites);
    const { kind: _kind, ...props } = walk.value(node, DEFINITIONS[kind!], '') as Record<string, unknown>;
    decl.props = props;
    this.resources.push(decl);
  }

  /** Names that name nothing or a resource of another kind, and cycles of names. */
  private checkReferences(): void {
    const byName = new Map(this.resources.map((r) => [r.name, r]));
    for (const r of this.resources) {
      for (const ref of r.refs) {
        const target = byName.get(ref.name);
        if (this.badNames.has(ref.name)) {
          r.reported.add(ref.field);
          continue;
        }
        const node = r.fields.get(ref.field);
        const want = ref.spec.kinds.join(' or ');
        const head = `${this.at(node)}: ${r.name}: ${r.kind} '${ref.field}' must name a ${want} resource of this stack, got ${showValue(ref.name)}`;
        if (!target) {
          const names = this.resources.filter((x) => ref.spec.kinds.includes(x.kind)).map((x) => x.name);
          const fix = names.length
            ? didYouMean(ref.name, names, `${want} resources`)
            : `add a ${want} resource named ${ref.name}`;
          this.problems.push(`${head} (no resource has that name): ${fix}`);
          r.reported.add(ref.field);
        } else if (!ref.spec.kinds.includes(target.kind)) {
          const names = this.resources.filter((x) => ref.spec.kinds.includes(x.kind)).map((x) => x.name);
          const fix = names.length
            ? `name one of ${names.join(', ')}`
            : `add a ${want} resource and name it here`;
          this.problems.push(`${head} (a ${target.kind}): ${fix}`);
          r.reported.add(ref.field);
        }
      }
    }
    // cycles: depth-first over names, a name met again while still open closes a cycle
    const state = new Map<string, 'open' | 'done'>();
    const stack: { r: ResourceDecl; ref?: Ref }[] = [];
    const visit = (r: ResourceDecl): void => {
      state.set(r.name, 'open');
      for (const ref of r.refs) {
        const t = byName.get(ref.name);
        if (!t) continue;
        stack.push({ r, ref });
        if (state.get(t.name) === 'open') this.reportCycle(stack, t);
        else if (!state.has(t.name)) visit(t);
        stack.pop();
      }
      state.set(r.name, 'done');
    };
    for (const r of this.resources) if (!state.has(r.name)) visit(r);
  }

  private reportCycle(stack: { r: ResourceDecl; ref?: Ref }[], start: ResourceDecl): void {
    const links = stack.slice(stack.findIndex((s) => s.r === start));
    const names = [...links.map((l) => l.r.name), start.name].join(' -> ');
    for (const { r, ref } of links) {
      this.problems.push(
        `${this.at(r.fields.get(ref!.field))}: ${r.name}: ${r.kind} '${ref!.field}' names ${showValue(ref!.name)}, which closes a reference cycle (${names}): remove one of these references; a resource cannot depend on itself`,
      );
      r.reported.add(ref!.field);
    }
  }

  /** The plain JavaScript value of a node (for messages). */
  plain(node: YamlNode | null | undefined): unknown {
    return this.yaml.plain(node);
  }

  /** Resolves an alias (`*name`) to its node. */
  deref(node: YamlNode): YamlNode | undefined {
    return this.yaml.deref(node);
  }

  /** Reads a variable-bearing string. */
  interpolate(text: string): ReturnType<typeof interpolate> {
    return interpolate(text, this.env);
  }
}

/** One walk over a value: plain JavaScript out, names as Ref, positions and variables recorded. */
class Walk {
  constructor(
    private readonly file: StackFile,
    private readonly decl: ResourceDecl | undefined,
    private readonly fields: Map<string, YamlNode>,
    private readonly envSites: EnvSite[],
  ) {}

  private get who(): string {
    return this.decl ? `${this.decl.name}: ${this.decl.kind}` : 'stack';
  }

  private problem(node: YamlNode | undefined, field: string, text: string): void {
    this.file.problems.push(`${this.file.at(node)}: ${this.who} '${field}' ${text}`);
    this.decl?.reported.add(field);
  }

  value(raw: YamlNode | null, schema: Json | undefined, field: string): unknown {
    if (raw === null) return null;
    const node = this.file.deref(raw);
    if (!node) {
      this.problem(raw, field, `uses an alias with no anchor: define the anchor (&name) before *name`);
      return undefined;
    }
    if (field) this.fields.set(field, node);
    const pattern = field.replace(/\[\d+\]/g, '[]');
    const refs = this.decl?.spec.refs ?? {};
    const ref = refs[pattern] ?? refs[`${pattern}|[]`] ?? refs[`${pattern.replace(/\[\]$/, '')}|[]`];
    if (ref && isScalar(node) && typeof node.value === 'string') {
      if (ref.literal?.test(node.value)) return node.value;
      const r = new Ref(node.value, field, ref);
      this.decl!.refs.push(r);
      return r;
    }
    const built = this.decl?.spec.values?.[pattern];
    if (built) return built.build(this.plainWalk(node, built.schema, field));
    return this.plainWalk(node, schema, field);
  }

  private plainWalk(node: YamlNode, schema: Json | undefined, field: string): unknown {
    const at = (k: string | number): string =>
      typeof k === 'number' ? `${field}[${k}]` : field ? `${field}.${k}` : k;
    if (isMap(node)) return this.map(node as YAMLMap, schema ?? {}, field, at);
    if (isSeq(node)) {
      const items = (resolve(schema).items as Json | undefined) ?? {};
      return node.items.map((x, i) => this.value(x as YamlNode, items, at(i)));
    }
    if (isScalar(node)) {
      if (typeof node.value !== 'string' || !node.value.includes('${env:')) return node.value;
      return this.env(node, node.value, schema ?? {}, field);
    }
    return this.file.plain(node);
  }

  private map(node: YAMLMap, schema: Json, field: string, at: (k: string) => string): unknown {
    const obj = objectSchema(schema);
    const known = Object.keys((obj?.properties as Json | undefined) ?? {});
    const extra = obj?.additionalProperties;
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = String(isScalar(pair.key) ? pair.key.value : this.file.plain(pair.key as YamlNode));
      if (obj && extra === false && !known.includes(key)) {
        const owner = this.decl?.kind ?? 'stack';
        const kind = field ? `${owner} ${field}` : owner;
        const candidates = known.filter((k) => k !== 'kind');
        const got = showValue(this.file.plain(pair.value as YamlNode));
        this.problem(
          pair.key as YamlNode,
          at(key),
          `is not a field of ${kind}, got ${got}: ${didYouMean(key, candidates, 'fields')}`,
        );
        // the construct's report of the field meant (missing, most likely) says nothing new
        const meant = closest(key, candidates);
        if (meant) this.decl?.reported.add(at(meant));
        continue;
      }
      const child = known.includes(key)
        ? ((obj!.properties as Record<string, Json>)[key] ?? {})
        : typeof extra === 'object' && extra !== null
          ? (extra as Json)
          : {};
      out[key] = this.value(pair.value as YamlNode | null, child, at(key));
    }
    return out;
  }

  /** A string reading variables: their value, a number or boolean where the field takes one. */
  private env(node: YamlNode, text: string, schema: Json, field: string): unknown {
    const r = this.file.interpolate(text);
    if (r.malformed) {
      this.problem(
        node,
        field,
        `reads ${r.malformed}, which is not a variable: write \${env:NAME}, \${env:NAME:plain} or \${env:NAME:-default}, or $\${env: for a literal \${env:`,
      );
      return undefined;
    }
    const unset = r.uses.filter((u) => u.value === undefined).map((u) => u.name);
    if (unset.length > 0) {
      const v = unset.map((n) => `\${env:${n}}`).join(', ');
      this.problem(
        node,
        field,
        `reads ${v}, which is not set: export ${unset.join(' and ')} before running tfgrid (or give a default: \${env:${unset[0]}:-value})`,
      );
      return undefined;
    }
    this.envSites.push({ field, node, uses: r.uses, value: r.value });
    const type = r.whole ? scalarType(schema) : undefined;
    if (type === 'boolean' && (r.value === 'true' || r.value === 'false')) return r.value === 'true';
    if (
      (type === 'number' || type === 'integer') &&
      r.value!.trim() !== '' &&
      Number.isFinite(Number(r.value))
    )
      return Number(r.value);
    return r.value;
  }
}

/**
 * Loads a YAML stack file into an App of the same constructs a TypeScript program builds. The
 * constructs check the props (one set of rules); this layer resolves names to constructs, and puts
 * the file's positions on every problem: `stack.yaml:12:13: db: zdb 'sizeGb' must be ...`.
 * Values read from the environment are secret unless marked `:plain`: they are never shown, and one
 * that would land in plain in the manifest is an error.
 */
import * as fs from 'fs';
import type { IConstruct } from 'constructs';
import type { Node as YamlNode } from 'yaml';
import { App, type AppProps } from '../app';
import { collectingErrors, showValue, ValidationError } from '../errors';
import { manifestToJson, type SynthResult } from '../manifest';
import { Ref, StackFile, type EnvSite, type ResourceDecl } from './stack-file';

/** Loads a stack file (YAML); problems come from `validate()`, or `synth()` throws them. */
export function loadStack(file: string, options: { text?: string; env?: NodeJS.ProcessEnv } = {}): StackApp {
  const text = options.text ?? fs.readFileSync(file, 'utf8');
  const stack = new StackFile(file, text, options.env ?? process.env);
  return collectingErrors(() => new StackApp(stack));
}

export { isStackFile } from './stack-file-name';

/** The App of a stack file: its problems carry the file's positions. */
export class StackApp extends App {
  private readonly built = new Map<string, IConstruct>();
  private readonly paths = new Map<string, ResourceDecl>();
  private checked?: { problems: string[]; result?: SynthResult };

  constructor(private readonly stack: StackFile) {
    super((stack.fatal ? { projectName: 'invalid' } : stack.appProps) as unknown as AppProps);
    if (stack.fatal) return;
    const byName = new Map(stack.resources.map((r) => [r.name, r]));
    const state = new Map<string, 'open' | 'done'>();
    const build = (r: ResourceDecl): void => {
      if (state.has(r.name)) return;
      state.set(r.name, 'open');
      for (const ref of r.refs) {
        const t = byName.get(ref.name);
        if (t) build(t);
      }
      this.create(r, byName);
      state.set(r.name, 'done');
    };
    stack.resources.forEach(build);
  }

  private create(r: ResourceDecl, byName: Map<string, ResourceDecl>): void {
    const resolveRefs = (v: unknown): unknown => {
      if (v instanceof Ref) {
        const target = byName.get(v.name);
        const c = this.built.get(v.name);
        return target && c && v.spec.kinds.includes(target.kind) ? c : v.name;
      }
      if (Array.isArray(v)) return v.map(resolveRefs);
      if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x)]));
      return v;
    };
    const construct = new r.spec.construct(this, r.name, resolveRefs(r.props));
    for (const site of r.envSites) {
      if (site.value !== undefined && site.uses.some((u) => u.secret))
        r.spec.secretField?.(construct, site.field, site.value);
    }
    this.built.set(r.name, construct);
    this.paths.set(construct.node.path, r);
  }

  /** The construct built for a resource of the file. */
  resource(name: string): IConstruct | undefined {
    return this.built.get(name);
  }

  /** Every problem of the stack, each with `file:line:col`; [] when valid. */
  override validate(): string[] {
    return this.check().problems;
  }

  override synth(): SynthResult {
    const { problems, result } = this.check();
    if (problems.length > 0 || !result) throw new ValidationError(problems);
    return result;
  }

  private check(): { problems: string[]; result?: SynthResult } {
    if (this.checked) return this.checked;
    const s = this.stack;
    let problems = [...s.problems];
    let result: SynthResult | undefined;
    if (!s.fatal) {
      problems.push(...super.validate().flatMap((p) => this.place(p)));
      if (problems.length === 0) {
        result = super.synth();
        problems.push(...this.plainSecrets(result));
      }
    }
    problems = [...new Set(problems)].map((p) => this.redact(p)).sort(byPosition);
    this.checked = { problems, result: problems.length === 0 ? result : undefined };
    return this.checked;
  }

  /** A construct's problem with the position of the field it names; [] when the file reported it already. */
  private place(message: string): string[] {
    const m = /^(.+?): (?:([a-z][a-z ]*?) )?'([^']+)'/.exec(message);
    const path = /^(.+?): /.exec(message)?.[1] ?? '';
    if (path === '(app)') {
      const field = m?.[3] === 'projectName' ? 'project' : (m?.[3] ?? '');
      const text = message
        .replace(/^\(app\): app /, 'stack ')
        .replace(/'projectName'/, "'project'")
        .replace(/set projectName/, 'set project');
      return [`${this.stack.at(this.stack.appFields.get(field))}: ${text}`];
    }
    let decl: ResourceDecl | undefined;
    let rest = '';
    let best = -1;
    for (const [p, r] of this.paths) {
      if ((path === p || path.startsWith(`${p}/`)) && p.length > best) {
        decl = r;
        best = p.length;
        rest = path.slice(p.length + 1);
      }
    }
    if (!decl) return [`${this.stack.at(undefined)}: ${message}`];
    const construct = this.built.get(decl.name)!;
    const prefix = rest ? (decl.spec.childField?.(construct, rest.split('/')[0], decl.props) ?? '') : '';
    const field = m && m[1] === path ? m[3] : '';
    const full = [prefix, field].filter((x) => x).join('.');
    if (full && [...decl.reported].some((f) => overlaps(f, full))) return [];
    return [`${this.stack.at(nodeAt(decl, full))}: ${message}`];
  }

  /** Secret values that the manifest would hold in plain. */
  private plainSecrets(result: SynthResult): string[] {
    const manifest = manifestToJson(result.manifest).toLowerCase();
    const given = new Set(Object.values(result.secrets));
    const sites: { owner: string; site: EnvSite }[] = [
      ...this.stack.appEnvSites.map((site) => ({ owner: 'stack', site })),
      ...this.stack.resources.flatMap((r) =>
        r.envSites.map((site) => ({ owner: `${r.name}: ${r.kind}`, site })),
      ),
    ];
    const out: string[] = [];
    for (const { owner, site } of sites) {
      if (site.value === undefined || given.has(site.value)) continue;
      for (const u of site.uses) {
        if (!u.secret || !u.value) continue;
        if (!manifest.includes(JSON.stringify(u.value).slice(1, -1).toLowerCase())) continue;
        out.push(
          `${this.stack.at(site.node)}: ${owner} '${site.field}' is not a secret field: the value of \${env:${u.name}} (a secret, not shown) would be written in plain in the manifest: if it is not a secret, write \${env:${u.name}:plain}; else give it to a secret field (a password, a token, a machine's env)`,
        );
      }
    }
    return out;
  }

  /** The message with every secret value read from the environment hidden. */
  private redact(message: string): string {
    let out = message;
    const hidden = showValue('', true);
    for (const site of [...this.stack.appEnvSites, ...this.stack.resources.flatMap((r) => r.envSites)]) {
      if (!site.uses.some((u) => u.secret)) continue;
      const values = [site.value, ...site.uses.filter((u) => u.secret).map((u) => u.value)];
      for (const v of values) {
        if (!v) continue;
        const quoted = JSON.stringify(v);
        out = out.split(quoted).join(hidden);
        // showValue cuts long values: `"<first 76 characters>...`
        if (quoted.length > 80) out = out.split(`${quoted.slice(0, 77)}...`).join(hidden);
        if (v.length >= 8) out = out.split(quoted.slice(1, -1)).join('(secret)');
      }
    }
    return out;
  }
}

/** Orders `file:line:col: ...` messages by line and column. */
function byPosition(a: string, b: string): number {
  const pos = (m: string): number[] => {
    const x = /^.*?:(\d+):(\d+): /.exec(m);
    return x ? [Number(x[1]), Number(x[2])] : [0, 0];
  };
  const [pa, pb] = [pos(a), pos(b)];
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/** True when one field path is the other or inside it. */
function overlaps(a: string, b: string): boolean {
  const inside = (x: string, y: string): boolean => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return inside(a, b) || inside(b, a);
}

/** The node written for a field, else for the nearest field around it, else the resource's name. */
function nodeAt(decl: ResourceDecl, field: string): YamlNode {
  let f = field;
  while (f) {
    const n = decl.fields.get(f);
    if (n) return n;
    f = f.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (f === field) break;
  }
  return decl.keyNode;
}

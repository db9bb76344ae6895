/**
 * The root of a program: grid-wide settings (project, network, twin, pricing for estimates) and
 * `synth()`, which turns the construct tree into a manifest.
 */
import { Construct, IConstruct } from 'constructs';
import {
  DEFAULT_PRICING_POLICY,
  DEFAULT_TFT_PRICE_USD,
  sumCosts,
  type PricingPolicy,
} from '../model/pricing/pricing';
import { Checker, hasReportedProblems, isPlainObject, ValidationError } from './errors';
import {
  MANIFEST_API_VERSION,
  type DeploymentUnit,
  type GridNetworkName,
  type Manifest,
  type SynthResult,
} from './manifest';
import { schemaProblems } from './schema';
import { isSynthesizable, SynthContext } from './synth';
import { zosProblemMessages } from './zos-rules';

export const GRID_NETWORKS: readonly GridNetworkName[] = ['local', 'dev', 'qa', 'test', 'main'];

export interface AppProps {
  /** Project name, tagged on every contract: 1 to 32 of [a-z0-9-]. */
  readonly projectName: string;
  /** The grid: the embedded dev grid or a public network. @default 'local' */
  readonly network?: GridNetworkName;
  /** Twin that owns the contracts. @default - the twin of the deploying account */
  readonly twinId?: number;
  /** TFT price in USD for cost estimates. @default DEFAULT_TFT_PRICE_USD (0.01) */
  readonly tftPriceUsd?: number;
  /** Pricing policy for cost estimates. @default DEFAULT_PRICING_POLICY (the dev chain's) */
  readonly pricingPolicy?: PricingPolicy;
  /** Secret seed: when given, generated secrets are derived from it (reproducible). Never printed. @default - the engine generates them */
  readonly secretSeed?: string;
}

export class App extends Construct {
  /** The App at the root of a construct's tree. */
  static of(scope: IConstruct): App {
    const root = scope.node.root;
    if (!(root instanceof App)) {
      throw new ValidationError([
        `${scope.node.path}: construct is not inside an App: create it under 'new App({...})'`,
      ]);
    }
    return root;
  }

  static isApp(x: unknown): x is App {
    return x instanceof App;
  }

  readonly projectName: string;
  readonly network: GridNetworkName;
  readonly twinId?: number;
  readonly tftPriceUsd: number;
  readonly pricingPolicy: PricingPolicy;
  private readonly secretSeed?: string;

  constructor(appProps: AppProps) {
    super(undefined as unknown as Construct, '');
    const c = new Checker(this, 'app');
    const props = c.props(appProps);
    c.check(
      typeof props.projectName === 'string' && /^[a-z0-9][a-z0-9-]{0,31}$/.test(props.projectName),
      'projectName',
      props.projectName,
      '1 to 32 characters of [a-z0-9-], starting with a letter or digit',
      'set projectName to something like "my-project"',
    );
    const network = props.network ?? 'local';
    c.check(
      GRID_NETWORKS.includes(network),
      'network',
      props.network,
      GRID_NETWORKS.join(' | '),
      "set network to 'local' for the dev grid, or a public network",
    );
    if (props.twinId !== undefined)
      c.integer('twinId', props.twinId, 1, 2 ** 32 - 1, 'set twinId to your twin id, or leave it out');
    const price = props.tftPriceUsd ?? DEFAULT_TFT_PRICE_USD;
    c.positiveNumber('tftPriceUsd', price, 'USD', 'set tftPriceUsd to e.g. 0.01 or leave it out');
    const policy = props.pricingPolicy ?? DEFAULT_PRICING_POLICY;
    const keys = Object.keys(DEFAULT_PRICING_POLICY) as (keyof PricingPolicy)[];
    c.check(
      isPlainObject(policy) &&
        keys.every((k) => typeof policy[k] === 'number' && Number.isFinite(policy[k]) && policy[k] >= 0),
      'pricingPolicy',
      policy,
      `an object of numbers >= 0: ${keys.join(', ')}`,
      'leave pricingPolicy out for the default policy',
    );
    if (props.secretSeed !== undefined) {
      c.check(
        typeof props.secretSeed === 'string' && props.secretSeed.length >= 16,
        'secretSeed',
        props.secretSeed,
        'at least 16 characters',
        'use a long random string kept outside the program',
        true,
      );
    }
    const ok = c.done();
    // after a problem (only while errors are collected) the App keeps safe defaults
    this.projectName = ok ? props.projectName! : 'invalid';
    this.network = ok ? network : 'local';
    this.twinId = ok ? props.twinId : undefined;
    this.tftPriceUsd = ok ? price : DEFAULT_TFT_PRICE_USD;
    this.pricingPolicy = ok ? policy : DEFAULT_PRICING_POLICY;
    this.secretSeed = ok ? props.secretSeed : undefined;
  }

  /** Every problem in the program (construct props, cross-construct rules, zos rules, manifest schema); [] when valid. */
  validate(): string[] {
    const problems = this.node.findAll().flatMap((c) => c.node.validate());
    return [...problems, ...this.build(problems.length > 0).problems];
  }

  /** The manifest and, apart, the secret values. Throws a ValidationError listing every problem. */
  synth(): SynthResult {
    const problems = this.node.findAll().flatMap((c) => c.node.validate());
    if (problems.length > 0) throw new ValidationError(problems);
    const built = this.build(false);
    if (built.problems.length > 0 || !built.result) throw new ValidationError(built.problems);
    return built.result;
  }

  /**
   * Synthesizes the tree. With `partial` (some constructs reported problems while errors were
   * collected), constructs with problems, and those inside or depending on them, are left out so
   * that their problems are not reported a second time in zos's words.
   */
  private build(partial: boolean): { result?: SynthResult; problems: string[] } {
    const ctx = new SynthContext(this.projectName, this.secretSeed);
    for (const c of this.node.findAll()) {
      if (isSynthesizable(c) && !(partial && blockedByProblems(c))) c.synthesize(ctx);
    }
    const { units, references, secrets, secretValues } = ctx.finish({
      policy: this.pricingPolicy,
      tftPriceUsd: this.tftPriceUsd,
    });
    const costs = units.flatMap((u) => ('cost' in u ? [u.cost] : []));
    const manifest: Manifest = {
      apiVersion: MANIFEST_API_VERSION,
      project: this.projectName,
      network: this.network,
      ...(this.twinId !== undefined ? { twinId: this.twinId } : {}),
      units,
      references,
      secrets,
      cost: sumCosts(costs),
    };
    const deployments = units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
    const problems = [
      ...ctx.problems,
      ...zosProblemMessages(deployments, secrets, (unit, name) => ctx.ownerOf(unit, name)),
    ];
    if (problems.length === 0 && !partial) {
      problems.push(...schemaProblems(manifest).map((p) => `manifest does not match schema.json: ${p}`));
    }
    return { result: { manifest, secrets: secretValues }, problems };
  }
}

/** A construct with problems, inside one, or depending (transitively) on one. */
function blockedByProblems(c: IConstruct, seen = new Set<IConstruct>()): boolean {
  if (seen.has(c)) return false;
  seen.add(c);
  // the App keeps safe defaults after a problem: its children still synthesize
  if (c.node.scopes.some((s) => s !== c.node.root && hasReportedProblems(s))) return true;
  return c.node.dependencies.some((d) => blockedByProblems(d, seen));
}

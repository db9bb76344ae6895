/**
 * A name gateway: `<name>.<gateway node's domain>` proxied to backends (zos `gateway-name-proxy`),
 * plus the name contract on chain that reserves the name.
 */
import { Construct } from 'constructs';
import { nameContractCost } from '../provider/pricing/pricing';
import { App } from './app';
import { checkBackends, renderBackends, type GatewayBackend } from './backends';
import { Checker } from './errors';
import { refPlaceholder } from './manifest';
import { workloadNameFor } from './names';
import type { Network } from './network';
import type { NodeSelector, NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';

export interface GatewayNameProps {
  /** The gateway node (a node with a public domain: use `domain: true` on a selector). */
  readonly node: NodeSelector;
  /** The name: 3 to 64 of [a-z0-9-_]; also the name contract. */
  readonly name: string;
  /** Where traffic goes: 'http://ip[:port]' (or 'ip:port' with tlsPassthrough), or a machine and port. */
  readonly backends: GatewayBackend[];
  /** Forward raw TLS to the backends instead of terminating it at the gateway. @default false */
  readonly tlsPassthrough?: boolean;
  /** Reach backends over this private network (the gateway node joins it). @default - backends are public */
  readonly network?: Network;
  /** Workload name. @default - from the construct path */
  readonly workloadName?: string;
}

export class GatewayName extends Construct implements ISynthesizable {
  readonly name: string;
  readonly slot: NodeSlot;
  readonly workloadName: string;
  private readonly props: GatewayNameProps;

  constructor(scope: Construct, id: string, props: GatewayNameProps) {
    super(scope, id);
    const c = new Checker(this, 'gateway name');
    c.check(
      typeof props.name === 'string' && /^[a-z0-9_-]{3,64}$/.test(props.name),
      'name',
      props.name,
      '3 to 64 characters of [a-z0-9-_]',
      'choose a lowercase name such as "myapp"',
    );
    c.boolean('tlsPassthrough', props.tlsPassthrough);
    checkBackends(c, props.backends, props.tlsPassthrough ?? false, props.network);
    this.workloadName = props.workloadName ?? workloadNameFor(this);
    c.workloadName('workloadName', this.workloadName, 'gw1');
    c.done();
    this.props = props;
    this.name = props.name;
    this.slot = props.node.place(this);
    props.network?.join(this, this.slot, false);
  }

  /** The unit id of the name contract. */
  get nameContractUnitId(): string {
    return `name:${this.name}`;
  }

  /** A placeholder for the gateway's fqdn, known after deploy. */
  get fqdnRef(): string {
    return refPlaceholder(this.slot.unitId, this.workloadName, 'fqdn');
  }

  synthesize(ctx: SynthContext): void {
    const app = App.of(this);
    ctx.addUnit({
      kind: 'name-contract',
      id: this.nameContractUnitId,
      name: this.name,
      constructs: [this.node.path],
      cost: nameContractCost({ policy: app.pricingPolicy, tftPriceUsd: app.tftPriceUsd }),
      dependsOn: [],
    });
    const passthrough = this.props.tlsPassthrough ?? false;
    const data: Record<string, unknown> = {
      name: this.name,
      tls_passthrough: passthrough,
      backends: renderBackends(this.props.backends, passthrough, this),
    };
    if (this.props.network) data.network = this.props.network.name;
    const unit = ctx.unit(this.slot);
    unit.add(this, { name: this.workloadName, type: 'gateway-name-proxy', data });
    unit.dependsOn.add(this.nameContractUnitId);
  }
}

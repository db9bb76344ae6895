/**
 * A gateway for a domain you own (zos `gateway-fqdn-proxy`): point the domain's DNS at the gateway
 * node's public IP; no name contract is needed.
 */
import { Construct } from 'constructs';
import { checkBackends, renderBackends, type GatewayBackend } from './backends';
import { Checker } from './errors';
import { workloadNameFor } from './names';
import type { Network } from './network';
import type { NodeSelector, NodeSlot } from './node-selector';
import type { ISynthesizable, SynthContext } from './synth';

export interface GatewayFqdnProps {
  /** The gateway node (a node with a public IP; use `domain: true` or a fixed node). */
  readonly node: NodeSelector;
  /** The fully qualified domain name, e.g. 'app.example.com'. */
  readonly fqdn: string;
  /** Where traffic goes: 'http://ip[:port]' (or 'ip:port' with tlsPassthrough), or a machine and port. */
  readonly backends: GatewayBackend[];
  /** Forward raw TLS to the backends. @default false */
  readonly tlsPassthrough?: boolean;
  /** Reach backends over this private network (the gateway node joins it). @default - backends are public */
  readonly network?: Network;
  /** Workload name. @default - from the construct path */
  readonly workloadName?: string;
}

const FQDN_PATTERN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export class GatewayFqdn extends Construct implements ISynthesizable {
  readonly fqdn: string;
  readonly slot: NodeSlot;
  readonly workloadName: string;
  private readonly props: GatewayFqdnProps;

  constructor(scope: Construct, id: string, props: GatewayFqdnProps) {
    super(scope, id);
    const c = new Checker(this, 'gateway fqdn');
    c.check(
      typeof props.fqdn === 'string' && FQDN_PATTERN.test(props.fqdn),
      'fqdn',
      props.fqdn,
      'a lowercase domain name such as "app.example.com"',
      'give the full domain you own, without scheme or path',
    );
    c.boolean('tlsPassthrough', props.tlsPassthrough);
    checkBackends(c, props.backends, props.tlsPassthrough ?? false, props.network);
    this.workloadName = props.workloadName ?? workloadNameFor(this);
    c.workloadName('workloadName', this.workloadName, 'gw1');
    c.done();
    this.props = props;
    this.fqdn = props.fqdn;
    this.slot = props.node.place(this);
    props.network?.join(this, this.slot, false);
  }

  synthesize(ctx: SynthContext): void {
    const passthrough = this.props.tlsPassthrough ?? false;
    const data: Record<string, unknown> = {
      fqdn: this.fqdn,
      tls_passthrough: passthrough,
      backends: renderBackends(this.props.backends, passthrough, this),
    };
    if (this.props.network) data.network = this.props.network.name;
    ctx.unit(this.slot).add(this, { name: this.workloadName, type: 'gateway-fqdn-proxy', data });
  }
}

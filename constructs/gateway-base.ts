/**
 * What name and fqdn gateways share: the gateway node, the backends (checked as zos checks them),
 * TLS passthrough, the private network the gateway node joins, and the workload data around the
 * host field each of them sets.
 */
import { Construct } from 'constructs';
import { checkBackends, renderBackends, type GatewayBackend } from './backends';
import { Checker } from './errors';
import { workloadNameFor } from './names';
import { Network } from './network';
import { NodeSelector, type NodeSlot } from './node-selector';

export interface GatewayBaseProps {
  /** The gateway node (a node with a public IP or domain: use `domain: true` or a fixed node). */
  readonly node: NodeSelector;
  /** Where traffic goes: 'http://ip[:port]' (or 'ip:port' with tlsPassthrough), or a machine and port. */
  readonly backends: GatewayBackend[];
  /** Forward raw TLS to the backends instead of terminating it at the gateway. @default false */
  readonly tlsPassthrough?: boolean;
  /** Reach backends over this private network (the gateway node joins it). @default - backends are public */
  readonly network?: Network;
  /** Workload name. @default - from the construct path */
  readonly workloadName?: string;
}

/** Which prop each gateway data field comes from (for zos problems). */
export const GATEWAY_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  fqdn: 'fqdn',
  backends: 'backends',
  tls_passthrough: 'tlsPassthrough',
  network: 'network',
};

export abstract class GatewayBase extends Construct {
  readonly slot: NodeSlot;
  readonly workloadName: string;
  protected readonly base: GatewayBaseProps;

  /** `checkHost` checks the gateway's own host field (name or fqdn) on the same Checker. */
  protected constructor(
    scope: Construct,
    id: string,
    kind: string,
    gatewayProps: GatewayBaseProps,
    checkHost: (c: Checker, props: Partial<GatewayBaseProps>) => void,
  ) {
    super(scope, id);
    const c = new Checker(this, kind);
    const props = c.props(gatewayProps);
    checkHost(c, props);
    c.boolean('tlsPassthrough', props.tlsPassthrough);
    c.instance(
      'node',
      props.node,
      NodeSelector,
      'a NodeSelector',
      'pass a gateway node, e.g. new NodeSelector(app, "gw", {domain: true})',
    );
    if (props.network !== undefined)
      c.instance(
        'network',
        props.network,
        Network,
        'a Network',
        'pass the Network of the backends, or leave it out',
      );
    const network = props.network instanceof Network ? props.network : undefined;
    checkBackends(c, props.backends, props.tlsPassthrough === true, network);
    const name = props.workloadName ?? workloadNameFor(this);
    c.workloadName('workloadName', name, 'gw1');
    const ok = c.done();
    this.workloadName = ok ? name : workloadNameFor(this);
    this.base = props as GatewayBaseProps;
    // without a node (only while errors are collected) the gateway is left unplaced
    const node = props.node instanceof NodeSelector ? props.node : new NodeSelector(this, 'InvalidNode');
    this.slot = node.place(this);
    this.node.addDependency(node);
    for (const b of Array.isArray(props.backends) ? props.backends : []) {
      if (b instanceof Object && (b as { machine?: unknown }).machine instanceof Construct)
        this.node.addDependency((b as { machine: Construct }).machine);
    }
    if (network) {
      network.join(this, this.slot, false);
      this.node.addDependency(network);
    }
  }

  /** The workload data: `host` (name or fqdn), passthrough, backends and the network if any. */
  protected gatewayData(host: Record<string, string>): Record<string, unknown> {
    const passthrough = this.base.tlsPassthrough ?? false;
    const data: Record<string, unknown> = {
      ...host,
      tls_passthrough: passthrough,
      backends: renderBackends(this.base.backends, passthrough, this),
    };
    if (this.base.network) data.network = this.base.network.name;
    return data;
  }
}

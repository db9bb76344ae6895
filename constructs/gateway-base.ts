/**
 * What name and fqdn gateways share: the gateway node, the backends (checked as zos checks them),
 * TLS passthrough, the private network the gateway node joins, and the workload data around the
 * host field each of them sets.
 */
import { Construct } from 'constructs';
import { checkBackends, renderBackends, type GatewayBackend } from './backends';
import { Checker } from './errors';
import { workloadNameFor } from './names';
import type { Network } from './network';
import type { NodeSelector, NodeSlot } from './node-selector';

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

export abstract class GatewayBase extends Construct {
  readonly slot: NodeSlot;
  readonly workloadName: string;
  protected readonly base: GatewayBaseProps;

  /** `checkHost` checks the gateway's own host field (name or fqdn) on the same Checker. */
  protected constructor(
    scope: Construct,
    id: string,
    kind: string,
    props: GatewayBaseProps,
    checkHost: (c: Checker) => void,
  ) {
    super(scope, id);
    const c = new Checker(this, kind);
    checkHost(c);
    c.boolean('tlsPassthrough', props.tlsPassthrough);
    checkBackends(c, props.backends, props.tlsPassthrough ?? false, props.network);
    this.workloadName = props.workloadName ?? workloadNameFor(this);
    c.workloadName('workloadName', this.workloadName, 'gw1');
    c.done();
    this.base = props;
    this.slot = props.node.place(this);
    props.network?.join(this, this.slot, false);
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

/**
 * A gateway for a domain you own (zos `gateway-fqdn-proxy`): point the domain's DNS at the gateway
 * node's public IP; no name contract is needed.
 */
import type { Construct } from 'constructs';
import { GatewayBase, GATEWAY_FIELDS, type GatewayBaseProps } from './gateway-base';
import type { ISynthesizable, SynthContext } from './synth';

export interface GatewayFqdnProps extends GatewayBaseProps {
  /** The fully qualified domain name, e.g. 'app.example.com'. */
  readonly fqdn: string;
}

const FQDN_PATTERN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export class GatewayFqdn extends GatewayBase implements ISynthesizable {
  readonly fqdn: string;

  constructor(scope: Construct, id: string, props: GatewayFqdnProps) {
    super(scope, id, 'gateway fqdn', props, (c, p) =>
      c.check(
        typeof (p as GatewayFqdnProps).fqdn === 'string' && FQDN_PATTERN.test((p as GatewayFqdnProps).fqdn),
        'fqdn',
        (p as GatewayFqdnProps).fqdn,
        'a lowercase domain name such as "app.example.com"',
        'give the full domain you own, without scheme or path',
      ),
    );
    this.fqdn = (props as Partial<GatewayFqdnProps> | undefined)?.fqdn ?? '';
  }

  synthesize(ctx: SynthContext): void {
    const data = this.gatewayData({ fqdn: this.fqdn });
    ctx
      .unit(this.slot)
      .add(this, { name: this.workloadName, type: 'gateway-fqdn-proxy', data, fields: GATEWAY_FIELDS });
  }
}

/**
 * A name gateway: `<name>.<gateway node's domain>` proxied to backends (zos `gateway-name-proxy`),
 * plus the name contract on chain that reserves the name.
 */
import type { Construct } from 'constructs';
import { nameContractCost } from '../model/pricing/pricing';
import { App } from './app';
import { GatewayBase, GATEWAY_FIELDS, type GatewayBaseProps } from './gateway-base';
import { refPlaceholder } from './manifest';
import type { ISynthesizable, SynthContext } from './synth';

export interface GatewayNameProps extends GatewayBaseProps {
  /** The name: 3 to 64 of [a-z0-9-_]; also the name contract. */
  readonly name: string;
}

export class GatewayName extends GatewayBase implements ISynthesizable {
  readonly name: string;

  constructor(scope: Construct, id: string, props: GatewayNameProps) {
    super(scope, id, 'gateway name', props, (c, p) =>
      c.check(
        typeof (p as GatewayNameProps).name === 'string' &&
          /^[a-z0-9_-]{3,64}$/.test((p as GatewayNameProps).name),
        'name',
        (p as GatewayNameProps).name,
        '3 to 64 characters of [a-z0-9-_]',
        'choose a lowercase name such as "myapp"',
      ),
    );
    this.name = (props as Partial<GatewayNameProps> | undefined)?.name ?? '';
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
    const data = this.gatewayData({ name: this.name });
    const unit = ctx.unit(this.slot);
    unit.add(this, { name: this.workloadName, type: 'gateway-name-proxy', data, fields: GATEWAY_FIELDS });
    unit.dependsOn.add(this.nameContractUnitId);
  }
}

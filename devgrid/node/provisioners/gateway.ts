/**
 * `gateway-name-proxy` / `gateway-fqdn-proxy`: routes on the node's HTTP gateway. A name gateway
 * needs a name contract for its name owned by the deployment's twin, as on the grid.
 */
import type {
  GatewayFqdnProxyData,
  GatewayNameProxyData,
  GatewayProxyResult,
} from '../../../model/zos/types';
import { ProvisionError, type Provisioner, type ProvisionContext } from '../provisioner';

/**
 * On the dev grid every machine is a process on this host, so a backend (a machine's private,
 * mycelium or public address, as zos requires: never loopback) is reached on 127.0.0.1 at its port.
 */
export function loopbackBackends(backends: readonly string[]): string[] {
  return backends.map((b) => {
    const url = /^(https?:\/\/)?(\[[^\]]+\]|[^/:]+)(:\d+)?(.*)$/.exec(b);
    if (!url) return b;
    const [, scheme = '', , port = '', rest = ''] = url;
    return `${scheme}127.0.0.1${port}${rest}`;
  });
}

function gatewayOf(ctx: ProvisionContext) {
  const gw = ctx.services.gateway;
  if (!gw) throw new ProvisionError('node is not a gateway: it has no public config with a domain');
  return gw;
}

export const gatewayNameProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as GatewayNameProxyData;
    const gw = gatewayOf(ctx);
    const owner = await ctx.services.nameContractOwner(data.name);
    if (owner === undefined)
      throw new ProvisionError(`name contract for '${data.name}' not found: create the name contract first`);
    if (owner !== ctx.deployment.twin_id)
      throw new ProvisionError(
        `name '${data.name}' is owned by twin ${owner}, not by twin ${ctx.deployment.twin_id}`,
      );
    const fqdn = `${data.name}.${gw.domain}`;
    gw.addRoute({
      id: ctx.workloadId,
      hostname: fqdn,
      backends: loopbackBackends(data.backends),
      tlsPassthrough: data.tls_passthrough,
    });
    const result: GatewayProxyResult = { fqdn };
    return result;
  },
  async deprovision(ctx) {
    ctx.services.gateway?.removeRoute(ctx.workloadId);
  },
  async pause(ctx) {
    ctx.services.gateway?.removeRoute(ctx.workloadId);
  },
  async resume(ctx) {
    await gatewayNameProvisioner.provision(ctx);
  },
};

export const gatewayFqdnProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as GatewayFqdnProxyData;
    gatewayOf(ctx).addRoute({
      id: ctx.workloadId,
      hostname: data.fqdn,
      backends: loopbackBackends(data.backends),
      tlsPassthrough: data.tls_passthrough,
    });
    return {};
  },
  async deprovision(ctx) {
    ctx.services.gateway?.removeRoute(ctx.workloadId);
  },
  async pause(ctx) {
    ctx.services.gateway?.removeRoute(ctx.workloadId);
  },
  async resume(ctx) {
    await gatewayFqdnProvisioner.provision(ctx);
  },
};

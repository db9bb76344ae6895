/**
 * `ip` (and the deprecated `ipv4`): a public IPv4 from the farm's IPs reserved on the contract (in
 * the order of the deployment's IPv4 workloads), and an IPv6 from the node's prefix when asked.
 */
import { takesPublicIpv4 } from '../../../model/zos/ip';
import type { PublicIpData, PublicIpResult } from '../../../model/zos/types';
import { ProvisionError, type Provisioner } from '../provisioner';

export const ipProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as PublicIpData;
    const result: PublicIpResult = { ip: '', ip6: '', gateway: '' };
    if (takesPublicIpv4(ctx.workload)) {
      const v4Workloads = ctx.deployment.workloads.filter((w) => takesPublicIpv4(w));
      const index = v4Workloads.findIndex((w) => w.name === ctx.workload.name);
      const reserved = ctx.contract?.publicIpsList ?? [];
      const ip = reserved[index];
      if (!ip)
        throw new ProvisionError(
          `no public ip reserved on contract ${ctx.deployment.contract_id} for workload '${ctx.workload.name}'`,
        );
      result.ip = ip.ip;
      result.gateway = ip.gateway;
    }
    if (data.v6) {
      const index = ctx.deployment.workloads.findIndex((w) => w.name === ctx.workload.name);
      result.ip6 = `2001:db8:${ctx.nodeId.toString(16)}::${(ctx.deployment.contract_id % 0xffff).toString(16)}:${index + 1}/64`;
    }
    return result;
  },
  async deprovision() {},
};

/** `zdb`: a namespace on the node's zdb server, named after the workload id, as zos does. */
import type { ZdbData, ZdbResult } from '../../../model/zos/types';
import type { Provisioner } from '../provisioner';

export const zdbProvisioner: Provisioner = {
  async provision(ctx) {
    const data = ctx.workload.data as unknown as ZdbData;
    const { zdb } = ctx.services;
    const options = { mode: data.mode, password: data.password, public: data.public, maxsize: data.size };
    if (!zdb.namespaceInfo(ctx.workloadId)) zdb.createNamespace(ctx.workloadId, options);
    else
      zdb.updateNamespace(ctx.workloadId, {
        password: data.password,
        public: data.public,
        maxsize: data.size,
      });
    const result: ZdbResult = { Namespace: ctx.workloadId, IPs: [zdb.host], Port: zdb.port };
    return result;
  },
  async update(ctx) {
    const data = ctx.workload.data as unknown as ZdbData;
    ctx.services.zdb.updateNamespace(ctx.workloadId, {
      password: data.password,
      public: data.public,
      maxsize: data.size,
    });
    const result: ZdbResult = {
      Namespace: ctx.workloadId,
      IPs: [ctx.services.zdb.host],
      Port: ctx.services.zdb.port,
    };
    return result;
  },
  async deprovision(ctx) {
    if (ctx.services.zdb.namespaceInfo(ctx.workloadId)) ctx.services.zdb.deleteNamespace(ctx.workloadId);
  },
  async pause(ctx) {
    ctx.services.zdb.freeze(ctx.workloadId);
  },
  async resume(ctx) {
    ctx.services.zdb.unfreeze(ctx.workloadId);
  },
};

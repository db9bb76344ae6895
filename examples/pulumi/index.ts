/**
 * A Pulumi program deploying the full-stack example: `pulumi up` in this directory (see
 * pulumi/README.md for the stack config). Every construct of the App becomes Pulumi
 * resources; the outputs are exported by construct path.
 */
import * as pulumi from '@pulumi/pulumi';
import { build } from '../full-stack';
import { deployApp } from '../../pulumi';

const outputs = deployApp(build());

/** The app machine's addresses, the zdb endpoint, the gateway's name and the monthly cost estimate. */
export const app = outputs.app.workloads;
export const cache = outputs.cache.workloads;
export const gateway = outputs.web.workloads;
export const proposal = outputs['raise-threshold'].proposalHash;
export const monthlyCostUsd = Object.values(outputs).reduce(
  (sum, o) => sum + (o.kind !== 'construct' ? (o.cost?.usdPerMonth ?? 0) : 0),
  0,
);
/** given secret values (the cache's password): shown only with `pulumi stack output --show-secrets` */
export const cacheSecrets = outputs['compute.0'].secrets ?? pulumi.secret({});

/**
 * From a construct tree to Pulumi resources: the App is synthesised, and every manifest unit
 * becomes one resource (a deployment unit a `TfgridDeployment`, a name contract a
 * `TfgridNameContract`, DAO units `TfgridDaoProposal`/`TfgridDaoVote`), with `dependsOn` following
 * the unit dependencies and `${ref:...}` placeholders wired from the referenced resources' outputs.
 * One `TfgridPlacement` chooses the nodes of all deployment units at once.
 */
import { placeholdersIn } from '../constructs/placeholders';
import * as pulumi from '@pulumi/pulumi';
import type { App } from '../constructs/app';
import type { DeploymentUnit, ManifestUnit, SynthResult } from '../constructs/manifest';
import { Network } from '../constructs/network';
import type { Cost } from '../model/pricing/pricing';
import { dependencyLevels } from '../engine/levels';
import { needsPublicAddress } from '../engine/network-routes';
import { TfgridDaoProposal } from './dao-proposal';
import { TfgridDaoVote } from './dao-vote';
import { TfgridDeployment } from './deployment';
import { inputsOfUnit, secretNamesOf } from './deployment-inputs';
import { TfgridNameContract } from './name-contract';
import { TfgridPlacement } from './placement';
import { summarize, workloadsByConstruct, type WorkloadRef, type WorkloadSummary } from './unit-outputs';

export interface DeployAppOptions {
  /** prefix of every resource name. @default the App's projectName */
  readonly namePrefix?: string;
  /** merged into every resource's options (e.g. `parent`, `protect`) */
  readonly resourceOptions?: pulumi.CustomResourceOptions;
}

/** Outputs of a unit or a construct; fields a kind does not have are absent. */
export interface AppOutputs {
  readonly kind: ManifestUnit['kind'] | 'construct';
  /** units the entry covers */
  readonly units: string[];
  /** estimated monthly cost of those units */
  readonly cost?: Cost;
  /** unit -> node id */
  readonly nodeIds?: pulumi.Output<Record<string, number>>;
  /** unit -> contract id (deployments and name contracts) */
  readonly contractIds?: pulumi.Output<Record<string, number>>;
  /** workload name -> addresses, fqdn, zdb endpoints */
  readonly workloads?: pulumi.Output<Record<string, WorkloadSummary>>;
  /** values of the secrets the workloads use (zdb passwords, tokens): a Pulumi secret */
  readonly secrets?: pulumi.Output<Record<string, string>>;
  /** DAO proposal hash (proposals and votes) */
  readonly proposalHash?: pulumi.Output<string>;
}

/** The resources {@link appResources} registered, and the outputs keyed by unit id and construct path. */
export interface AppResources {
  readonly synth: SynthResult;
  readonly placement?: TfgridPlacement;
  /** unit id -> its resource */
  readonly resources: Record<string, pulumi.CustomResource>;
  /** unit id or construct path -> outputs */
  readonly outputs: Record<string, AppOutputs>;
}

function listenPort(unit: DeploymentUnit | undefined, network: string): number | undefined {
  const w = unit?.workloads.find((x) => x.type === 'network' && x.name === network);
  return (w?.data as { wireguard_listen_port?: number } | undefined)?.wireguard_listen_port;
}

/** Registers one resource per manifest unit of `app`; see {@link deployApp}. */
export function appResources(app: App, opts: DeployAppOptions = {}): AppResources {
  const synth = app.synth();
  const { manifest } = synth;
  const prefix = opts.namePrefix ?? manifest.project;
  const base = opts.resourceOptions ?? {};
  const deployments = manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
  const byId = new Map(deployments.map((u) => [u.id, u]));
  const declared = new Map(manifest.secrets.map((s) => [s.name, s]));
  const placement =
    deployments.length === 0
      ? undefined
      : new TfgridPlacement(
          `${prefix}/placement`,
          {
            project: manifest.project,
            units: deployments.map((u) => ({
              unitId: u.id,
              selector: u.selector,
              capacity: u.capacity,
              publicIps: u.publicIps,
              ...(needsPublicAddress(u) ? { publicAddress: true } : {}),
            })),
          },
          base,
        );
  const resources: Record<string, pulumi.CustomResource> = {};
  const outputs: Record<string, AppOutputs> = {};
  const proposals: Record<string, TfgridDaoProposal> = {};

  for (const u of dependencyLevels(manifest.units).flat()) {
    const options: pulumi.CustomResourceOptions = {
      ...base,
      dependsOn: [
        ...(placement ? [placement] : []),
        ...u.dependsOn.flatMap((d) => (resources[d] ? [resources[d]] : [])),
      ],
    };
    const name = `${prefix}/${u.id}`;
    if (u.kind === 'deployment') {
      const names = secretNamesOf(u);
      const given = names.filter((n) => declared.get(n)?.source !== 'generate' && n in synth.secrets);
      const refs: Record<string, Record<string, pulumi.Output<unknown>>> = {};
      for (const r of manifest.references) {
        if (r.from.unit !== u.id || r.to.unit === u.id) continue;
        const other = resources[r.to.unit] as TfgridDeployment;
        (refs[r.to.unit] ??= {})[r.to.workload] = other.results.apply((res) => res?.[r.to.workload] ?? null);
      }
      const endpoints: Record<string, pulumi.Output<string>> = {};
      // its peers' endpoints, and its own (whether it can be dialled decides its wireguard routes)
      const own = u.workloads.filter((w) => w.type === 'network').map((w) => [u.id, w.name]);
      const peers = placeholdersIn(u.workloads.map((w) => w.data))
        .filter((p) => p.kind === 'endpoint')
        .map((p) => p.arg.split('/'));
      for (const [unit, network] of [...own, ...peers]) {
        const port = listenPort(byId.get(unit), network);
        endpoints[`${unit}/${network}`] = placement!.nodeIps.apply((ips) =>
          ips?.[unit] && port ? `${ips[unit]}:${port}` : '',
        );
      }
      const res = new TfgridDeployment(
        name,
        {
          ...inputsOfUnit(manifest.project, u),
          nodeId: placement!.nodes.apply((n) => n?.[u.id]),
          moveReason: placement!.moves.apply((m) => m?.[u.id]),
          secrets: pulumi.secret(Object.fromEntries(given.map((n) => [n, synth.secrets[n]]))),
          secretDeclarations: names.flatMap((n) =>
            declared.get(n)?.source === 'generate' ? [declared.get(n)!] : [],
          ),
          refs: pulumi.output(refs),
          endpoints: pulumi.output(endpoints),
        },
        options,
      );
      resources[u.id] = res;
      outputs[u.id] = {
        kind: u.kind,
        units: [u.id],
        cost: u.cost,
        nodeIds: res.nodeId.apply((n) => ({ [u.id]: n })),
        contractIds: res.contractId.apply((c) => ({ [u.id]: c })),
        workloads: pulumi
          .all([res.results, res.nodeId, res.contractId])
          .apply(([results, nodeId, contractId]) =>
            Object.fromEntries(
              u.workloads.map((w) => [
                w.name,
                { ...summarize(w.type, u.id, results?.[w.name]), nodeId, contractId },
              ]),
            ),
          ),
        ...(given.length > 0 ? { secrets: res.secrets as pulumi.Output<Record<string, string>> } : {}),
      };
    } else if (u.kind === 'name-contract') {
      const res = new TfgridNameContract(name, { name: u.name }, options);
      resources[u.id] = res;
      outputs[u.id] = {
        kind: u.kind,
        units: [u.id],
        cost: u.cost,
        contractIds: res.contractId.apply((c) => ({ [u.id]: c })),
      };
    } else if (u.kind === 'dao-proposal') {
      const { action, description, link, threshold, durationBlocks } = u;
      const res = new TfgridDaoProposal(
        name,
        { action, description, link, threshold, durationBlocks },
        options,
      );
      resources[u.id] = proposals[u.id] = res;
      outputs[u.id] = { kind: u.kind, units: [u.id], proposalHash: res.proposalHash };
    } else {
      const proposalHash = 'hash' in u.proposal ? u.proposal.hash : proposals[u.proposal.unit].proposalHash;
      const res = new TfgridDaoVote(name, { farmId: u.farmId, proposalHash, approve: u.approve }, options);
      resources[u.id] = res;
      outputs[u.id] = { kind: u.kind, units: [u.id], proposalHash: res.proposalHash };
    }
  }
  addConstructOutputs(app, synth, outputs);
  return { synth, placement, resources, outputs };
}

const merged = (parts: pulumi.Input<Record<string, number>>[]): pulumi.Output<Record<string, number>> =>
  pulumi.all(parts).apply((l) => Object.assign({}, ...l) as Record<string, number>);

/** Outputs per construct path: the summaries of its workloads, gathered from its units. */
function addConstructOutputs(app: App, synth: SynthResult, outputs: Record<string, AppOutputs>): void {
  const constructs = new Map(app.node.findAll().map((c) => [c.node.path, c]));
  const nameOf = (path: string): string | undefined => {
    const c = constructs.get(path) as { workloadName?: unknown } | undefined;
    if (typeof c?.workloadName === 'string') return c.workloadName;
    return c instanceof Network ? c.name : undefined;
  };
  const add = (path: string, refs: WorkloadRef[], extra: Partial<AppOutputs> = {}) => {
    if (path in outputs) throw new Error(`construct path '${path}' is also a unit id: rename the construct`);
    const units = [...new Set(refs.map((r) => r.unit))];
    const unitOutputs = units.map((id) => outputs[id]);
    outputs[path] = {
      kind: 'construct',
      units,
      nodeIds: merged(unitOutputs.map((o) => o.nodeIds ?? {})),
      contractIds: merged(unitOutputs.map((o) => o.contractIds ?? {})),
      workloads: pulumi.all(unitOutputs.map((o) => o.workloads ?? {})).apply((l) => {
        const all = l as Record<string, WorkloadSummary>[];
        return Object.fromEntries(
          refs.map((r) => [
            r.workload,
            all[units.indexOf(r.unit)]?.[r.workload] ?? { type: 'unknown', unit: r.unit },
          ]),
        );
      }),
      ...extra,
    };
  };
  for (const [path, refs] of Object.entries(workloadsByConstruct(synth.manifest, nameOf))) add(path, refs);
  // chain-only units: a name contract belongs to its gateway, proposals and votes to their construct
  for (const u of synth.manifest.units) {
    if (u.kind === 'deployment') continue;
    for (const path of u.constructs) {
      const existing = outputs[path];
      if (existing?.kind === 'construct') {
        outputs[path] = {
          ...existing,
          ...(outputs[u.id].proposalHash ? { proposalHash: outputs[u.id].proposalHash } : {}),
        };
      } else if (!existing) outputs[path] = { ...outputs[u.id], kind: 'construct' };
    }
  }
}

/**
 * Synthesises `app` and registers one Pulumi resource per manifest unit. Returns the outputs keyed
 * by unit id (`compute.0`, `name:web`) and by construct path (`app`, `cache`, `web`); secret values
 * stay Pulumi secrets. Call it from a Pulumi program; export what you need from the result.
 */
export function deployApp(app: App, opts: DeployAppOptions = {}): Record<string, AppOutputs> {
  return appResources(app, opts).outputs;
}

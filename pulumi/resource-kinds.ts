/**
 * Every resource kind the provider serves, answering the same questions: check, diff, create,
 * read, update, delete. A new kind is one ops file and one entry here (and a resource class).
 * Runs in the provider host only. Check may ask the grid (placement, a vote's farm); it gets a
 * connection only when it does.
 */
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import type { GridBackend } from '../engine/backend';
import type { ConnectedGrid } from '../engine/grid-backend';
import {
  castDaoVote,
  checkDaoProposal,
  checkDaoVote,
  checkNameContract,
  createDaoProposal,
  createNameContract,
  deleteNameContract,
  farmFailures,
  readDaoProposal,
  readDaoVote,
  readNameContract,
  type DaoProposalOutputs,
  type DaoVoteInputs,
  type NameContractInputs,
  type NameContractOutputs,
} from './chain-ops';
import { diffDeployment } from './deployment-diff';
import {
  checkDeployment,
  type CheckFailure,
  type DeploymentInputs,
  type DeploymentOutputs,
} from './deployment-inputs';
import {
  createDeployment,
  deleteDeployment,
  readDeployment,
  updateDeployment,
  type WaitSettings,
} from './deployment-ops';
import { PartialStateError } from './partial-state';
import { checkPlacement, placeAll, type PlacementInputs, type PlacementOutputs } from './placement-ops';

/** Properties as the dynamic provider passes them. */
type Props = Record<string, unknown>;

export interface KindDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/** Checked inputs (news, possibly completed) and what is wrong with them. */
export interface KindCheck {
  readonly inputs: Props;
  readonly failures: CheckFailure[];
}

/** The grid for checks that must ask it, connected on first use. */
export type GridAccess = () => Promise<ConnectedGrid>;

export interface ResourceKind {
  /** Pulumi type name under `pulumi-nodejs:dynamic/tfgrid:` */
  readonly type: string;
  check(news: Props, olds: Props, grid: GridAccess): Promise<KindCheck>;
  /** `accountSecret`: what generated secrets derive from (deployments compare with the node) */
  diff(olds: Props, news: Props, accountSecret: () => string): KindDiff;
  /** the resource id and its outputs */
  create(b: GridBackend, inputs: Props, wait: WaitSettings): Promise<{ id: string; outs: Props }>;
  /** current outputs, or undefined when the resource is gone */
  read(b: GridBackend, id: string, props: Props): Promise<Props | undefined>;
  /** absent: every change replaces */
  update?(b: GridBackend, olds: Props, news: Props, wait: WaitSettings): Promise<Props>;
  delete(b: GridBackend, id: string, props: Props, wait: WaitSettings): Promise<void>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Diff over `inputs`: changes when any differs; replaces those in `replaceOn` that differ. */
export function diffInputs(
  olds: Props,
  news: Props,
  inputs: readonly string[],
  replaceOn: readonly string[],
): KindDiff {
  const changed = inputs.filter((k) => !same(olds[k], news[k]));
  return {
    changes: changed.length > 0,
    replaces: changed.filter((k) => replaceOn.includes(k)),
    deleteBeforeReplace: false,
  };
}

const PROPOSAL_INPUTS = ['action', 'description', 'link', 'threshold', 'durationBlocks'];
const VOTE_INPUTS = ['farmId', 'proposalHash', 'approve'];
const PLACEMENT_INPUTS = ['units', 'nodes', 'nodeIps'];

/** A pure check: the inputs as given. */
const pure =
  (f: (news: Props) => CheckFailure[]) =>
  async (news: Props): Promise<KindCheck> => ({ inputs: news, failures: f(news) });

/** The node's workloads hold passwords and keys: they go to the state as a Pulumi secret. */
function deploymentState(o: DeploymentOutputs | Props): Props {
  const outs = o as Props;
  return 'deployed' in outs
    ? { ...outs, deployed: { [specialSigKey]: specialSecretSig, value: outs.deployed } }
    : outs;
}

/** Runs a deployment create or update; a partial state keeps its secrets secret too. */
async function recording<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof PartialStateError) e.properties = deploymentState(e.properties);
    throw e;
  }
}

export const resourceKinds: Record<string, ResourceKind> = {
  deployment: {
    type: 'Deployment',
    check: pure((news) => checkDeployment(news as Partial<DeploymentInputs>)),
    diff: (olds, news, accountSecret) => {
      const { changes, replaces, deleteBeforeReplace } = diffDeployment(
        olds as unknown as DeploymentOutputs,
        news as unknown as DeploymentInputs,
        accountSecret(),
      );
      return { changes, replaces, deleteBeforeReplace };
    },
    async create(b, inputs, wait) {
      const outs = await recording(() => createDeployment(b, inputs as unknown as DeploymentInputs, wait));
      return { id: String(outs.contractId), outs: deploymentState(outs) };
    },
    read: async (b, _id, props) => {
      const outs = await readDeployment(b, props as unknown as DeploymentOutputs);
      return outs && deploymentState(outs);
    },
    update: async (b, olds, news, wait) =>
      deploymentState(
        await recording(() =>
          updateDeployment(
            b,
            olds as unknown as DeploymentOutputs,
            news as unknown as DeploymentInputs,
            wait,
          ),
        ),
      ),
    delete: (b, _id, props, wait) => deleteDeployment(b, props as unknown as DeploymentOutputs, wait),
  },
  'name-contract': {
    type: 'NameContract',
    check: pure((news) => checkNameContract(news)),
    diff: (olds, news) => diffInputs(olds, news, ['name'], ['name']),
    async create(b, inputs) {
      const outs = await createNameContract(b, inputs as unknown as NameContractInputs);
      return { id: String(outs.contractId), outs: { ...outs } };
    },
    read: async (b, _id, props) => {
      const outs = await readNameContract(b, props as unknown as NameContractOutputs);
      return outs && { ...outs };
    },
    delete: (b, _id, props) =>
      deleteNameContract(b, {
        ...(props as unknown as NameContractOutputs),
        contractId: Number(props.contractId),
      }),
  },
  'dao-proposal': {
    type: 'DaoProposal',
    check: pure((news) => checkDaoProposal(news)),
    // a proposal cannot be changed on chain: a changed one is a new proposal
    diff: (olds, news) => diffInputs(olds, news, PROPOSAL_INPUTS, PROPOSAL_INPUTS),
    async create(b, inputs) {
      const outs = await createDaoProposal(b, inputs as never);
      return { id: outs.proposalHash, outs: { ...outs } };
    },
    read: async (b, _id, props) => ({
      ...(await readDaoProposal(b, props as unknown as DaoProposalOutputs)),
    }),
    // proposals cannot be withdrawn: deleting only forgets it (it closes at the end of its vote)
    delete: async () => undefined,
  },
  'dao-vote': {
    type: 'DaoVote',
    async check(news, _olds, grid) {
      const failures = checkDaoVote(news);
      if (failures.length === 0 && typeof news.farmId === 'number')
        failures.push(...(await farmFailures(await grid(), news.farmId)));
      return { inputs: news, failures };
    },
    // another farm or proposal is another vote; a changed `approve` is voted again
    diff: (olds, news) => diffInputs(olds, news, VOTE_INPUTS, ['farmId', 'proposalHash']),
    async create(b, inputs) {
      const outs = await castDaoVote(b, inputs as unknown as DaoVoteInputs);
      return { id: `${outs.proposalHash}/${outs.farmId}`, outs: { ...outs } };
    },
    read: async (b, _id, props) => {
      const outs = await readDaoVote(b, props as unknown as DaoVoteInputs);
      return outs && { ...outs };
    },
    update: async (b, _olds, news) => ({ ...(await castDaoVote(b, news as unknown as DaoVoteInputs)) }),
    // a vote cannot be taken back
    delete: async () => undefined,
  },
  placement: {
    type: 'Placement',
    // placing is done here, so that a preview knows every unit's node (see placement-ops.ts)
    async check(news, olds, grid) {
      const failures = checkPlacement(news);
      if (failures.length > 0) return { inputs: news, failures };
      try {
        const placed = await placeAll(
          await grid(),
          news as unknown as PlacementInputs,
          olds as unknown as Partial<PlacementOutputs>,
        );
        return { inputs: { ...news, ...placed }, failures: [] };
      } catch (e) {
        return { inputs: news, failures: [{ property: 'units', reason: (e as Error).message }] };
      }
    },
    diff: (olds, news) => diffInputs(olds, news, PLACEMENT_INPUTS, []),
    // the checked inputs are the placement
    create: async (_b, inputs) => ({ id: 'placement', outs: inputs }),
    read: async (_b, _id, props) => props,
    update: async (_b, _olds, news) => news,
    // placement holds nothing on the grid
    delete: async () => undefined,
  },
};

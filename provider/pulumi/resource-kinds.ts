/**
 * Every resource kind the provider serves, answering the same questions: check, diff, create,
 * read, update, delete. A new kind is one ops file and one entry here (and a resource class).
 * Runs in the provider host only.
 */
import type { GridBackend } from '../engine/backend';
import {
  checkDaoProposal,
  checkDaoVote,
  checkNameContract,
  createDaoProposal,
  createDaoVote,
  createNameContract,
  deleteNameContract,
  readDaoProposal,
  readNameContract,
  type DaoProposalOutputs,
  type DaoVoteInputs,
  type NameContractInputs,
  type NameContractOutputs,
} from './chain-ops';
import {
  checkDeployment,
  containsUnknown,
  diffDeployment,
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
import {
  checkPlacement,
  placeAll,
  unitsToPlace,
  type PlacementInputs,
  type PlacementOutputs,
} from './placement-ops';

/** Properties as the dynamic provider passes them. */
type Props = Record<string, unknown>;

export interface KindDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

export interface ResourceKind {
  /** Pulumi type name under `pulumi-nodejs:dynamic/tfgrid:` */
  readonly type: string;
  check(news: Props): CheckFailure[];
  diff(olds: Props, news: Props): KindDiff;
  /** the resource id and its outputs */
  create(b: GridBackend, inputs: Props, wait: WaitSettings): Promise<{ id: string; outs: Props }>;
  /** current outputs, or undefined when the resource is gone */
  read(b: GridBackend, id: string, props: Props): Promise<Props | undefined>;
  /** absent: every change replaces */
  update?(b: GridBackend, olds: Props, news: Props, wait: WaitSettings): Promise<Props>;
  delete(b: GridBackend, id: string, props: Props): Promise<void>;
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

export const resourceKinds: Record<string, ResourceKind> = {
  deployment: {
    type: 'Deployment',
    check: (news) => checkDeployment(news as Partial<DeploymentInputs>),
    diff: (olds, news) => {
      const { changes, replaces, deleteBeforeReplace } = diffDeployment(
        olds as unknown as DeploymentOutputs,
        news as unknown as DeploymentInputs,
      );
      return { changes, replaces, deleteBeforeReplace };
    },
    async create(b, inputs, wait) {
      const outs = await createDeployment(b, inputs as unknown as DeploymentInputs, wait);
      return { id: String(outs.contractId), outs: outs as unknown as Props };
    },
    read: async (b, _id, props) =>
      (await readDeployment(b, props as unknown as DeploymentOutputs)) as Props | undefined,
    update: async (b, olds, news, wait) =>
      (await updateDeployment(
        b,
        olds as unknown as DeploymentOutputs,
        news as unknown as DeploymentInputs,
        wait,
      )) as unknown as Props,
    delete: (b, _id, props) => deleteDeployment(b, props as unknown as DeploymentOutputs),
  },
  'name-contract': {
    type: 'NameContract',
    check: (news) => checkNameContract(news),
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
    check: (news) => checkDaoProposal(news),
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
    check: (news) => checkDaoVote(news),
    diff: (olds, news) => diffInputs(olds, news, VOTE_INPUTS, VOTE_INPUTS),
    async create(b, inputs) {
      const outs = await createDaoVote(b, inputs as unknown as DaoVoteInputs);
      return { id: `${outs.proposalHash}/${outs.farmId}`, outs: { ...outs } };
    },
    read: async (_b, _id, props) => props,
    // a vote cannot be taken back
    delete: async () => undefined,
  },
  placement: {
    type: 'Placement',
    check: (news) => checkPlacement(news),
    diff: (olds, news) => {
      if (containsUnknown(news)) return { changes: true, replaces: [], deleteBeforeReplace: false };
      const moved = unitsToPlace(olds as unknown as PlacementOutputs, news as unknown as PlacementInputs);
      const removed = !same(
        ((olds.units as { unitId: string }[]) ?? []).map((u) => u.unitId),
        ((news.units as { unitId: string }[]) ?? []).map((u) => u.unitId),
      );
      return { changes: moved.length > 0 || removed, replaces: [], deleteBeforeReplace: false };
    },
    async create(b, inputs) {
      return { id: 'placement', outs: { ...(await placeAll(b, inputs as unknown as PlacementInputs)) } };
    },
    read: async (_b, _id, props) => props,
    update: async (b, olds, news) => ({
      ...(await placeAll(b, news as unknown as PlacementInputs, olds as unknown as PlacementOutputs)),
    }),
    // placement holds nothing on the grid
    delete: async () => undefined,
  },
};

/**
 * CouncilMembership (index 41, pallet_membership instance 1): the council's members. Changes go
 * to the Council collective too (TFChain's MembershipChangedGroup); Root or a council approval
 * (EnsureRootOrCouncilApproval) changes them.
 */
import type { PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import type { GenesisStep } from '../runtime/genesis';
import { benchmarked } from '../runtime/weights';
import { accountOfAddress } from './balances';
import { changeCouncilMembers } from './council';

const P = 'CouncilMembership';
/**
 * An approximation of pallet_membership's weights for TFChain's 100-member bound (its benchmarks
 * grow with the members and the Council it updates): a change reads and writes both member lists.
 */
const MEMBERSHIP_WEIGHT = benchmarked(30_000_000, 4_500, 3, 4);

export const COUNCIL_MEMBERSHIP: PalletSpec = {
  name: P,
  index: 41,
  calls: {
    add_member: { index: 0, args: { who: 'MultiAddress' }, weight: MEMBERSHIP_WEIGHT },
    remove_member: { index: 1, args: { who: 'MultiAddress' }, weight: MEMBERSHIP_WEIGHT },
    reset_members: { index: 3, args: { members: 'Vec<AccountId>' }, weight: MEMBERSHIP_WEIGHT },
  },
  events: {
    MemberAdded: null,
    MemberRemoved: null,
    MembersSwapped: null,
    MembersReset: null,
    KeyChanged: null,
    Dummy: null,
  },
  errors: ['AlreadyMember', 'NotMember', 'TooManyMembers'],
  storage: [
    { name: 'Members', type: 'Vec<AccountId>' },
    { name: 'Prime', type: 'AccountId', optional: true },
  ],
  constants: [],
  handlers: {
    add_member: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const who = accountOfAddress(a.who);
      const members = (ctx.get(P, 'Members') as unknown as { toHex(): string }[]).map((m) => m.toHex());
      if (members.includes(who)) throw moduleError(P, 'AlreadyMember');
      ctx.put(P, 'Members', [], [...members, who].sort());
      changeCouncilMembers(ctx, [...members, who]);
      ctx.emit(P, 'MemberAdded');
    },
    remove_member: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const who = accountOfAddress(a.who);
      const members = (ctx.get(P, 'Members') as unknown as { toHex(): string }[]).map((m) => m.toHex());
      if (!members.includes(who)) throw moduleError(P, 'NotMember');
      const rest = members.filter((m) => m !== who);
      ctx.put(P, 'Members', [], rest);
      changeCouncilMembers(ctx, rest);
      ctx.emit(P, 'MemberRemoved');
    },
    reset_members: (ctx, a) => {
      ctx.ensureRootOrCouncil();
      const members = (a.members as unknown as { toHex(): string }[]).map((m) => m.toHex()).sort();
      ctx.put(P, 'Members', [], members);
      changeCouncilMembers(ctx, members);
      ctx.emit(P, 'MembersReset');
    },
  },
};

/** Genesis: the council (default Alice and Bob), in both pallets (MembershipInitialized = Council). */
export const councilGenesis: GenesisStep = (ctx, accounts, config) => {
  const names = config.council ?? ['Alice', 'Bob'];
  const members = names
    .map((n) => accounts[n])
    .filter(Boolean)
    .sort();
  ctx.put(P, 'Members', [], members);
  ctx.put('Council', 'Members', [], members);
};

/** CouncilMembership (index 41, pallet_membership instance 1): the council's members. */
import type { PalletSpec } from '../pallet';
import { moduleError } from '../pallet';
import type { GenesisStep } from '../runtime/genesis';
import { accountOfAddress } from './balances';

const P = 'CouncilMembership';

export const COUNCIL_MEMBERSHIP: PalletSpec = {
  name: P,
  index: 41,
  calls: {
    add_member: { index: 0, args: { who: 'MultiAddress' } },
    remove_member: { index: 1, args: { who: 'MultiAddress' } },
    reset_members: { index: 3, args: { members: 'Vec<AccountId>' } },
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
      ctx.ensureRoot();
      const who = accountOfAddress(a.who);
      const members = (ctx.get(P, 'Members') as unknown as { toHex(): string }[]).map((m) => m.toHex());
      if (members.includes(who)) throw moduleError(P, 'AlreadyMember');
      ctx.put(P, 'Members', [], [...members, who].sort());
      ctx.emit(P, 'MemberAdded');
    },
    remove_member: (ctx, a) => {
      ctx.ensureRoot();
      const who = accountOfAddress(a.who);
      const members = (ctx.get(P, 'Members') as unknown as { toHex(): string }[]).map((m) => m.toHex());
      if (!members.includes(who)) throw moduleError(P, 'NotMember');
      ctx.put(
        P,
        'Members',
        [],
        members.filter((m) => m !== who),
      );
      ctx.emit(P, 'MemberRemoved');
    },
    reset_members: (ctx, a) => {
      ctx.ensureRoot();
      ctx.put(P, 'Members', [], (a.members as unknown as { toHex(): string }[]).map((m) => m.toHex()).sort());
      ctx.emit(P, 'MembersReset');
    },
  },
};

/** Genesis: the council (default Alice and Bob). */
export const councilGenesis: GenesisStep = (ctx, accounts, config) => {
  const names = config.council ?? ['Alice', 'Bob'];
  ctx.put(
    P,
    'Members',
    [],
    names
      .map((n) => accounts[n])
      .filter(Boolean)
      .sort(),
  );
};

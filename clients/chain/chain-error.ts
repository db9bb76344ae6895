/**
 * Every failure of a chain call as one typed error with a plain message: which call, which pallet
 * error, and what to do. Pure: the I/O side (submit.ts) only feeds it decoded facts.
 */

/** Where the failure came from. */
export type ChainErrorKind =
  /** the extrinsic was included but its call failed (a module error or a system dispatch error) */
  | 'dispatch'
  /** the node's transaction pool refused it (1010 Invalid Transaction, 1012, 1014 ...) */
  | 'pool'
  /** no inclusion within the time allowed, or the transaction was dropped */
  | 'timeout'
  /** the connection to the chain dropped before the outcome was known (it may or may not have taken effect) */
  | 'connection';

export interface ChainErrorFacts {
  readonly kind: ChainErrorKind;
  /** the call as `section.method` (camelCase, as @polkadot/api names it), e.g. 'smartContractModule.createNodeContract' */
  readonly call: string;
  /** pallet section of a module error (camelCase, 'smartContractModule'); '' for non-module errors */
  readonly pallet: string;
  /** error name ('ContractIsNotUnique'), or the dispatch error kind ('BadOrigin', 'Token.FundsUnavailable'), or the pool reason */
  readonly error: string;
  /** the pallet's doc string for the error, if any */
  readonly docs?: string;
  /** when the call ran inside a utility batch: the batch's calls (`section.method`) in order */
  readonly batch?: readonly string[];
}

/** A chain call failed. `message` says what failed and what to do; the fields are for programs. */
export class ChainError extends Error implements ChainErrorFacts {
  readonly kind: ChainErrorKind;
  readonly call: string;
  readonly pallet: string;
  readonly error: string;
  readonly docs: string;
  readonly batch?: readonly string[];
  /** the fix we suggest, '' when we have none */
  readonly hint: string;

  constructor(facts: ChainErrorFacts) {
    const hint = hintFor(facts);
    super(chainErrorMessage(facts, hint));
    this.name = 'ChainError';
    this.kind = facts.kind;
    this.call = facts.call;
    this.pallet = facts.pallet;
    this.error = facts.error;
    this.docs = facts.docs ?? '';
    if (facts.batch) this.batch = facts.batch;
    this.hint = hint;
  }

  /** `pallet.Error` ('smartContractModule.ContractIsNotUnique'), or the error alone for non-module errors. */
  get qualifiedError(): string {
    return this.pallet ? `${this.pallet}.${this.error}` : this.error;
  }
}

const INSUFFICIENT_FUNDS =
  'the account has too little TFT for this call and its fee: fund it (on the dev grid: transfer from //Alice), then retry';

/** What to do about the errors we meet, keyed by `pallet.Error` or by the error name alone. */
const FIXES: Readonly<Record<string, string>> = {
  'tfgridModule.TwinNotExists':
    'this account has no twin: create one first (ensureTwin: accept terms and conditions, then createTwin)',
  'smartContractModule.TwinNotExists':
    'this account has no twin: create one first (ensureTwin: accept terms and conditions, then createTwin)',
  'tfgridModule.UserDidNotSignTermsAndConditions':
    'accept the terms and conditions first (tfgridModule.userAcceptTc), then create the twin',
  'tfgridModule.TwinWithPubkeyExists':
    'this account already has a twin: read it with twinIdOf(account) instead of creating one',
  'tfgridModule.InvalidRelayAddress':
    'the relay must be a host name: labels of A-Z, a-z, 0-9, - and _ joined by dots, with no port, scheme or empty label (e.g. relay.grid.tf)',
  'tfgridModule.InvalidRelay':
    'the relay must be a host name: labels of A-Z, a-z, 0-9, - and _ joined by dots, with no port, scheme or empty label (e.g. relay.grid.tf)',
  'smartContractModule.ContractIsNotUnique':
    'a live contract with the same deployment hash already exists on this node (contractIDByNodeIDAndHash): if its twin is yours, cancel it or deploy onto it; if another twin holds it, never use it: change the deployment so its hash differs (tfgrid-iac salts every deployment with a value derived from the account secret)',
  'smartContractModule.NameExists':
    'that name is taken by another name contract: choose another name, or reuse your own contract for it',
  'smartContractModule.NameNotValid': 'a name contract name is 3..64 characters of a-z, 0-9, - and _',
  'smartContractModule.NameContractNameTooShort': 'a name contract name needs at least 3 characters',
  'smartContractModule.NameContractNameTooLong': 'a name contract name has at most 64 characters',
  'smartContractModule.NodeNotExists':
    'no node with that id: pick a node from the grid proxy (or listNodes())',
  'smartContractModule.ContractNotExists':
    'no contract with that id (it may already be canceled): list your contracts with listContracts(twinId)',
  'smartContractModule.TwinNotAuthorizedToCancelContract':
    'only the twin that owns a contract may cancel it: sign with the owner account',
  'smartContractModule.TwinNotAuthorizedToUpdateContract':
    'only the twin that owns a contract may update it: sign with the owner account',
  'smartContractModule.FarmHasNotEnoughPublicIPs':
    'the farm of this node has fewer public IPs than requested: ask for fewer or choose a node of another farm',
  'smartContractModule.FarmHasNotEnoughPublicIPsFree':
    'the public IPs of this farm are all in use: choose a node of a farm with free IPs (grid proxy free_ips filter)',
  'smartContractModule.NodeNotAvailableToDeploy':
    'the node is rented by another twin or belongs to a dedicated farm (rent it first with createRentContract), or, when renting, it still has contracts and its farm is not dedicated: choose another node',
  'smartContractModule.NodeHasActiveContracts':
    'the node still has contracts: cancel them first (or choose a free node to rent)',
  'smartContractModule.NodeHasRentContract': 'the node is already rented: choose another node',
  'smartContractModule.CannotUpdateContractInGraceState':
    'the contract is in its grace period (out of funds): fund the twin account, wait for it to resume, then update',
  'smartContractModule.InvalidContractType':
    'that contract is not a node contract: only node contracts carry a deployment to update',
  'dao.NotCouncilMember':
    'only council members may propose, veto or close: sign with a council member account (councilMembership.members)',
  'dao.NotAuthorizedToVote':
    'only the owner (twin account) of the farm may vote with it: sign with the farm owner, or pass a farm id you own',
  'dao.FarmHasNoNodes':
    'a farm votes with the weight of its nodes and this one has none: vote with a farm that has nodes',
  'dao.DuplicateVote':
    'this farm has already voted that way on the proposal: nothing to do (vote the other way to switch)',
  'dao.DuplicateVeto': 'this council member has already vetoed the proposal',
  'dao.DuplicateProposal':
    'the same action is already proposed: vote on the existing proposal (listProposals())',
  'dao.ProposalMissing': 'no open proposal with that hash: it may be closed already (listProposals())',
  'dao.WrongIndex': 'the proposal index does not match the hash: read it from listProposals()',
  'dao.TimeLimitReached': 'voting on this proposal has ended: the council can close it',
  'dao.OngoingVoteAndTresholdStillNotMet':
    'the proposal has too few votes for its threshold and has not ended: wait for votes or for its end block',
  'dao.InvalidProposalDuration':
    'a proposal lasts less than 30 days of blocks (432000): give a shorter duration',
  'balances.InsufficientBalance': INSUFFICIENT_FUNDS,
  'balances.FundsUnavailable': INSUFFICIENT_FUNDS,
  'Token.FundsUnavailable': INSUFFICIENT_FUNDS,
  'Token.BelowMinimum':
    'the amount would leave the account below the existential deposit: send more or keep more',
  BadOrigin: 'this call needs another origin (Root or a council motion): submit it through a DAO proposal',
  Payment: INSUFFICIENT_FUNDS,
  Stale:
    'the nonce was already used (another transaction from this account got in first): retry; this client asks the node for the next nonce',
  Future: 'the nonce is ahead of the account: an earlier transaction from this account is missing; retry',
  BadProof:
    'the signature does not verify: the account key, genesis hash or runtime version does not match this chain (wrong network?)',
  AncientBirthBlock: 'the transaction was signed against a block this node no longer knows: retry',
  ExhaustsResources: 'the block is full: retry in a few seconds',
  BadInput:
    'the runtime could not decode the call: an argument is over the limit TFChain sets (deployment data 512 bytes, relay 1024 bytes) or the runtime version does not match this client: shorten it, or check the network',
  Priority: 'a transaction with the same nonce is already in the pool: wait for it, then retry',
  Temporarily:
    'the node banned this transaction for a while (it was seen before): wait a minute, then retry with a new nonce',
  Timeout:
    'check the node is producing blocks, then read the chain to see whether the call took effect before retrying',
  Disconnected:
    'the connection to TFChain dropped: once it is back, read the chain to see whether the call took effect before retrying',
};

/** The fix we suggest for these facts ('' when none). */
export function hintFor(facts: Pick<ChainErrorFacts, 'pallet' | 'error'>): string {
  const qualified = facts.pallet ? `${facts.pallet}.${facts.error}` : facts.error;
  return FIXES[qualified] ?? FIXES[facts.error] ?? '';
}

/** The one-line message: `<call> failed: <pallet.Error> (<docs>): <what to do>`. */
export function chainErrorMessage(facts: ChainErrorFacts, hint = hintFor(facts)): string {
  const what = facts.pallet ? `${facts.pallet}.${facts.error}` : facts.error;
  const prefix =
    facts.kind === 'pool'
      ? 'was refused by the node'
      : facts.kind === 'timeout'
        ? 'was not included'
        : facts.kind === 'connection'
          ? 'was cut off'
          : 'failed';
  const docs = facts.docs ? ` (${facts.docs.replace(/\s+/g, ' ').trim()})` : '';
  const batch = facts.batch
    ? ` [inside a batch of ${facts.batch.length} calls: ${facts.batch.join(', ')}]`
    : '';
  return `${facts.call} ${prefix}: ${what}${docs}${hint ? `: ${hint}` : ''}${batch}`;
}

/**
 * A pool rejection ('1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low')
 * as error facts. Returns undefined for messages that are not pool rejections.
 */
export function poolErrorFacts(call: string, message: string): ChainErrorFacts | undefined {
  const m = /^\s*(\d{4}):\s*(.*)$/s.exec(message);
  if (!m) return undefined;
  const [, code, rest] = m;
  const text = rest.trim();
  const reasons: [RegExp, string][] = [
    [/pay some fees|balance too low|Payment/i, 'Payment'],
    [/outdated|Stale/i, 'Stale'],
    [/will be valid in the future|Future/i, 'Future'],
    [/bad signature|BadProof/i, 'BadProof'],
    [/ancient birth block|AncientBirthBlock/i, 'AncientBirthBlock'],
    [/exhausts? the block limits|ExhaustsResources/i, 'ExhaustsResources'],
    [/Bad input data|Could not decode/i, 'BadInput'],
    [/Priority is too low/i, 'Priority'],
    [/temporarily banned/i, 'Temporarily'],
  ];
  const reason = reasons.find(([re]) => re.test(text))?.[1] ?? 'InvalidTransaction';
  return { kind: 'pool', call, pallet: '', error: reason, docs: `${code}: ${text}` };
}

/**
 * The call that most likely failed inside a batch: the only inner call of the error's pallet, else
 * the batch call itself. `inner` are `section.method` names in order.
 */
export function failedCallOf(outer: string, inner: readonly string[], pallet: string): string {
  const sameSection = [...new Set(inner.filter((c) => pallet !== '' && c.startsWith(`${pallet}.`)))];
  return sameSection.length === 1 ? sameSection[0] : outer;
}

/**
 * One object for a program that talks to TFChain as one account: the connection, the signing
 * keypair, and every call of this module bound to them.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { createAccount, type KeyType } from './account';
import { batchAll, run, type ChainCall } from './chain-call';
import { connectTfchain, disconnectTfchain, tfchainUrls, type TfchainNetwork } from './connection';
import * as contracts from './contracts';
import type { Contract, NodeContractArgs } from './contract-data';
import * as dao from './dao';
import * as grid from './grid';
import type { ChainContext, TxOptions } from './submit';
import * as twins from './twins';

export interface TfchainClientOptions {
  /** TFChain WebSocket URLs (failover in order). Either this or `network`. */
  readonly urls?: string | readonly string[];
  /** a public network preset, used when `urls` is not given */
  readonly network?: TfchainNetwork;
  /** account mnemonic (optionally with a derivation path `//name`); or give `seed` */
  readonly mnemonic?: string;
  /** account seed, 32 bytes hex */
  readonly seed?: string;
  /** @default 'sr25519' */
  readonly keyType?: KeyType;
  /** connect timeout, ms. @default 30000 */
  readonly connectTimeoutMs?: number;
  /** how transactions wait. @default inclusion, 120 s */
  readonly txOptions?: TxOptions;
}

export class TfchainClient implements ChainContext {
  /** Connects and derives the account; the secret is not kept beyond the keypair. */
  static async connect(options: TfchainClientOptions): Promise<TfchainClient> {
    const signer = await createAccount({
      mnemonic: options.mnemonic,
      seed: options.seed,
      keyType: options.keyType,
    });
    const urls = options.urls ?? (options.network ? tfchainUrls(options.network) : undefined);
    if (!urls) throw new Error("give the TFChain 'urls' or a 'network' (dev, qa, test, main) to connect to");
    const api = await connectTfchain({ urls, connectTimeoutMs: options.connectTimeoutMs });
    return new TfchainClient(api, signer, options.txOptions);
  }

  constructor(
    readonly api: ApiPromise,
    readonly signer: KeyringPair,
    readonly txOptions: TxOptions = {},
  ) {}

  /** the account's SS58 address */
  get address(): string {
    return this.signer.address;
  }

  disconnect(): Promise<void> {
    return disconnectTfchain(this.api);
  }

  /** Sends one call value (from the `*Call` builders); returns its outcome. */
  run<T>(call: ChainCall<T>): Promise<T> {
    return run(this, call);
  }

  /** Sends several call values atomically in one `utility.batchAll`; returns their outcomes in order. */
  batchAll<C extends readonly ChainCall<unknown>[]>(calls: C) {
    return batchAll(this, calls);
  }

  // twins
  ensureTwin(relay: string | undefined, options?: twins.EnsureTwinOptions): Promise<number> {
    return twins.ensureTwin(this, relay, options);
  }
  /** our twin id, or undefined when the account has none */
  twinId(): Promise<number | undefined> {
    return twins.twinIdOf(this.api, this.address);
  }
  getTwin(twinId: number): Promise<twins.Twin | undefined> {
    return twins.getTwin(this.api, twinId);
  }

  // contracts
  createNodeContract(args: NodeContractArgs): Promise<number> {
    return contracts.createNodeContract(this, args);
  }
  updateNodeContract(contractId: number, deploymentHash: string, deploymentData = ''): Promise<void> {
    return contracts.updateNodeContract(this, contractId, deploymentHash, deploymentData);
  }
  cancelContract(contractId: number): Promise<void> {
    return contracts.cancelContract(this, contractId);
  }
  createNameContract(name: string): Promise<number> {
    return contracts.createNameContract(this, name);
  }
  createRentContract(nodeId: number, solutionProviderId?: number): Promise<number> {
    return contracts.createRentContract(this, nodeId, solutionProviderId);
  }
  getContract(contractId: number): Promise<Contract | undefined> {
    return contracts.getContract(this.api, contractId);
  }
  /** several contracts in one storage query (missing ones left out), by ascending id */
  getContracts(contractIds: readonly number[]): Promise<Contract[]> {
    return contracts.getContracts(this.api, contractIds);
  }
  /** live contracts of a twin (default: ours; none when we have no twin) */
  async listContracts(twinId?: number, options?: contracts.ListContractsOptions): Promise<Contract[]> {
    const id = twinId ?? (await this.twinId());
    return id === undefined ? [] : contracts.listContracts(this.api, id, options);
  }

  /** call builders for batches: `client.batchAll([client.calls.createNameContract('x'), ...])` */
  get calls() {
    const api = this.api;
    return {
      createNodeContract: (args: NodeContractArgs) => contracts.createNodeContractCall(api, args),
      updateNodeContract: (contractId: number, hash: string, data = '') =>
        contracts.updateNodeContractCall(api, contractId, hash, data),
      cancelContract: (contractId: number) => contracts.cancelContractCall(api, contractId),
      createNameContract: (name: string) => contracts.createNameContractCall(api, name),
      createRentContract: (nodeId: number, solutionProviderId?: number) =>
        contracts.createRentContractCall(api, nodeId, solutionProviderId),
      transfer: (to: string, amount: bigint) => grid.transferCall(api, to, amount),
    };
  }

  // grid
  getNode(nodeId: number) {
    return grid.getNode(this.api, nodeId);
  }
  listNodes() {
    return grid.listNodes(this.api);
  }
  getFarm(farmId: number) {
    return grid.getFarm(this.api, farmId);
  }
  listFarms() {
    return grid.listFarms(this.api);
  }
  getPricingPolicy(policyId = 1) {
    return grid.getPricingPolicy(this.api, policyId);
  }
  getTftPriceUsd() {
    return grid.getTftPriceUsd(this.api);
  }
  /** balance of an account (default: ours) */
  getBalance(address: string = this.address) {
    return grid.getBalance(this.api, address);
  }

  // dao
  async propose(p: Omit<dao.ProposeArgs, 'action'> & { action: dao.ActionSpec | dao.ProposeArgs['action'] }) {
    const action = 'pallet' in p.action ? dao.actionCall(this.api, p.action as dao.ActionSpec) : p.action;
    return dao.propose(this, { ...p, action });
  }
  vote(farmId: number, proposalHash: string, approve: boolean) {
    return dao.vote(this, farmId, proposalHash, approve);
  }
  veto(proposalHash: string) {
    return dao.veto(this, proposalHash);
  }
  close(proposalHash: string, proposalIndex: number) {
    return dao.close(this, proposalHash, proposalIndex);
  }
  listProposals() {
    return dao.listProposals(this.api);
  }
}

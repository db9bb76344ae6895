/**
 * The validators' offchain worker for contract billing. After each block it reads the contracts due
 * at the block's billing-loop index and submits one signed `smartContractModule.billContractForBlock`
 * per contract to the pool, from the validator account, as TFChain's offchain worker does. They go
 * into the next block, so billing events, grace changes and fees appear where the real chain puts
 * them. In instant-block mode the worker never makes a block by itself: its extrinsics wait for the
 * next one.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { expandMetadata } from '@polkadot/types/metadata';
import { u8aToHex } from '@polkadot/util';
import type { BlockRecord, DevNode } from './node';
import { RUNTIME_VERSION } from './node';
import { contractsDueAt } from './pallets/billing';
import { wasmSigningPair } from '../../model/crypto/sr25519';
import { VALIDATOR_URI } from './runtime/genesis';

export class OffchainBilling {
  private readonly validator: KeyringPair;
  private readonly validatorId: string;
  private readonly tx;
  private warned = false;

  constructor(private readonly node: DevNode) {
    this.validator = wasmSigningPair(new Keyring({ type: 'sr25519' }).addFromUri(VALIDATOR_URI));
    this.validatorId = u8aToHex(this.validator.publicKey);
    this.tx = expandMetadata(node.runtime.registry, node.runtime.metadata).tx;
  }

  start(): void {
    this.node.on('block', (block) => this.afterBlock(block));
  }

  private afterBlock(block: BlockRecord): void {
    const runtime = this.node.runtime;
    const due = contractsDueAt(runtime.context({ root: true }), block.number);
    for (const contractId of due) {
      const ext = runtime.registry.createType('Extrinsic', {
        method: this.tx.smartContractModule.billContractForBlock(contractId),
      });
      ext.sign(this.validator, {
        blockHash: this.node.genesisHash,
        genesisHash: this.node.genesisHash,
        nonce: this.node.nextNonce(this.validatorId),
        runtimeVersion: {
          specVersion: RUNTIME_VERSION.specVersion,
          transactionVersion: RUNTIME_VERSION.transactionVersion,
        } as never,
        signedExtensions: runtime.registry.signedExtensions,
      });
      try {
        this.node.submit(ext.toHex(), undefined, false);
      } catch (e) {
        // e.g. a chain made before the validator was funded at genesis: billing cannot run there
        if (!this.warned)
          console.error(`dev chain: the billing offchain worker cannot submit: ${(e as Error).message}`);
        this.warned = true;
      }
    }
  }
}

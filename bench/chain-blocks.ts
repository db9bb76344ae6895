/**
 * Blocks as the bench counts them: the chain's best number before and after a step (elapsed
 * blocks), and how many of the blocks in between carry an extrinsic signed by our account (blocks
 * the step actually used; on a timed chain the others were produced empty or for someone else).
 */
import type { ApiPromise } from '@polkadot/api';

export async function bestBlockNumber(api: ApiPromise): Promise<number> {
  const header = await api.rpc.chain.getHeader();
  return header.number.toNumber();
}

/** Number of blocks in (from, to] holding at least one extrinsic signed by `address`. */
export async function blocksSignedBy(
  api: ApiPromise,
  address: string,
  from: number,
  to: number,
): Promise<number> {
  let used = 0;
  for (let n = from + 1; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const { block } = await api.rpc.chain.getBlock(hash);
    if (block.extrinsics.some((x) => x.isSigned && x.signer.toString() === address)) used++;
  }
  return used;
}

/**
 * Blocks as the bench counts them: the chain's best number before and after a step (elapsed
 * blocks), and how many of the blocks in between carry an extrinsic signed by our account (blocks
 * the step actually used; on a timed chain the others were produced empty or for someone else), and
 * the extrinsics in them.
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
  return (await signedBy(api, address, from, to)).blocks;
}

/**
 * What the chain itself holds of `address` in blocks (from, to]: its extrinsics (a
 * `utility.batchAll` is one) and the blocks that hold at least one of them.
 */
export async function signedBy(
  api: ApiPromise,
  address: string,
  from: number,
  to: number,
): Promise<{ extrinsics: number; blocks: number }> {
  let blocks = 0;
  let extrinsics = 0;
  for (let n = from + 1; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const { block } = await api.rpc.chain.getBlock(hash);
    const ours = block.extrinsics.filter((x) => x.isSigned && x.signer.toString() === address).length;
    extrinsics += ours;
    if (ours > 0) blocks++;
  }
  return { extrinsics, blocks };
}

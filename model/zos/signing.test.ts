import { mnemonicGenerate } from '@polkadot/util-crypto';
import { deploymentHash } from './challenge';
import {
  createSigner,
  signDeployment,
  signedMessage,
  verifyDeploymentSignatures,
  verifySignature,
  type Signer,
} from './signing';
import { deployment, GiB, wl } from './testing/test-fixtures';
import type { Deployment } from './types';

const base = (over: Partial<Deployment> = {}) => deployment([wl('disk', 'zmount', { size: GiB })], over);
const keysOf =
  (...signers: Signer[]) =>
  (twin: number) => {
    const s = signers.find((x) => x.twinId === twin);
    return s ? { publicKey: s.publicKey, type: s.type } : undefined;
  };

describe.each(['ed25519', 'sr25519'] as const)('%s', (type) => {
  test('round trip from a mnemonic', async () => {
    const signer = await createSigner({ twinId: 7, type, secret: mnemonicGenerate(12) });
    const signed = signDeployment(base(), signer);
    const sig = signed.signature_requirement.signatures[0];
    expect(sig).toMatchObject({ twin_id: 7, signature_type: type });
    expect(sig.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(await verifySignature(deploymentHash(signed), sig.signature, signer.publicKey, type)).toBe(true);
    const check = await verifyDeploymentSignatures(signed, keysOf(signer));
    expect(check).toEqual({ valid: true, weight: 1, problems: [] });
  });

  test('round trip from a hex seed, polka-wallet style', async () => {
    const signer = await createSigner({ twinId: 7, type, secret: '0x' + '11'.repeat(32) });
    const d = base({
      signature_requirement: { ...base().signature_requirement, signature_style: 'polka-wallet' },
    });
    expect(Buffer.from(signedMessage(d)).toString()).toBe(
      `<Bytes>${Buffer.from(deploymentHash(d)).toString('hex')}</Bytes>`,
    );
    const signed = signDeployment(d, signer);
    expect((await verifyDeploymentSignatures(signed, keysOf(signer))).valid).toBe(true);
    // the raw-md5 signature does not verify under the polka-wallet message
    const raw = Buffer.from(signer.sign(deploymentHash(d))).toString('hex');
    const wrong = {
      ...signed,
      signature_requirement: {
        ...signed.signature_requirement,
        signatures: [{ twin_id: 7, signature: raw, signature_type: type }],
      },
    };
    expect((await verifyDeploymentSignatures(wrong, keysOf(signer))).valid).toBe(false);
  });

  test('tampered signature and tampered deployment are rejected', async () => {
    const signer = await createSigner({ twinId: 7, type, secret: mnemonicGenerate(12) });
    const signed = signDeployment(base(), signer);
    const sig = signed.signature_requirement.signatures[0].signature;
    const flipped = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
    const tampered = {
      ...signed,
      signature_requirement: {
        ...signed.signature_requirement,
        signatures: [{ ...signed.signature_requirement.signatures[0], signature: flipped }],
      },
    };
    const c1 = await verifyDeploymentSignatures(tampered, keysOf(signer));
    expect(c1.valid).toBe(false);
    expect(c1.problems.map((p) => p.message)).toContain("failed to verify signature of twin '7'");
    const changed = { ...signed, workloads: [wl('disk', 'zmount', { size: 2 * GiB })] };
    expect((await verifyDeploymentSignatures(changed, keysOf(signer))).valid).toBe(false);
  });
});

test('signing twice replaces the twin signature; a second twin is added', async () => {
  const a = await createSigner({ twinId: 7, type: 'sr25519', secret: '//Alice' });
  const b = await createSigner({ twinId: 8, type: 'ed25519', secret: '//Bob' });
  const d = base({
    signature_requirement: {
      requests: [
        { twin_id: 7, required: true, weight: 1 },
        { twin_id: 8, required: false, weight: 1 },
      ],
      weight_required: 2,
      signatures: [],
      signature_style: '',
    },
  });
  const once = signDeployment(d, a);
  const twice = signDeployment(signDeployment(once, a), b);
  expect(twice.signature_requirement.signatures.map((s) => s.twin_id)).toEqual([7, 8]);
  expect(once.signature_requirement.signatures).toHaveLength(1); // input not mutated
  expect(await verifyDeploymentSignatures(twice, keysOf(a, b))).toEqual({
    valid: true,
    weight: 2,
    problems: [],
  });
});

test('missing signatures, unknown keys and unmet weight are reported', async () => {
  const a = await createSigner({ twinId: 7, type: 'sr25519', secret: '//Alice' });
  const d = base({
    signature_requirement: {
      requests: [
        { twin_id: 7, required: true, weight: 1 },
        { twin_id: 8, required: false, weight: 1 },
      ],
      weight_required: 2,
      signatures: [],
      signature_style: '',
    },
  });
  const none = await verifyDeploymentSignatures(d, keysOf(a));
  expect(none.problems.map((p) => p.message)).toEqual([
    "missing required signature for twin '7'",
    "missing signature for twin '8' (zos verifies every requested twin)",
    'required signature weight is not reached',
  ]);
  const signed = signDeployment(d, a);
  const noKey = await verifyDeploymentSignatures(signed, () => undefined);
  expect(noKey.problems[0].message).toBe("failed to get public key for twin '7'");
  const originatorMissing = await verifyDeploymentSignatures({ ...signed, twin_id: 9 }, keysOf(a));
  expect(originatorMissing.problems[0].message).toBe('originator twin id must be in the signature requests');
});

test('bad secrets fail without echoing them', async () => {
  const secret = 'correct horse battery staple is not a valid phrase';
  await expect(createSigner({ twinId: 1, secret })).rejects.toThrow(/not a valid BIP39 phrase/);
  await expect(createSigner({ twinId: 1, secret })).rejects.not.toThrow(/horse/);
  await expect(createSigner({ twinId: 1, secret: '0xabcd' })).rejects.toThrow(/32 bytes/);
  await expect(createSigner({ twinId: 1, secret: '' })).rejects.toThrow(/empty/);
});

test('same seed gives the same key; ed25519 and sr25519 keys differ', async () => {
  const seed = '22'.repeat(32);
  const e1 = await createSigner({ twinId: 1, type: 'ed25519', secret: seed });
  const e2 = await createSigner({ twinId: 1, type: 'ed25519', secret: `0x${seed}` });
  const s1 = await createSigner({ twinId: 1, type: 'sr25519', secret: seed });
  expect(Buffer.from(e1.publicKey)).toEqual(Buffer.from(e2.publicKey));
  expect(Buffer.from(e1.publicKey)).not.toEqual(Buffer.from(s1.publicKey));
  expect(e1.address).toMatch(/^5/);
});

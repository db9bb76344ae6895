import * as zos from './index';
import { deployment, netAndVm } from './testing/test-fixtures';

test('the public API builds, validates, hashes, signs and verifies a deployment', async () => {
  const d = deployment(netAndVm());
  expect(zos.validateDeployment(d)).toEqual([]);
  expect(zos.deploymentHashHex(d)).toMatch(/^[0-9a-f]{32}$/);
  const signer = await zos.createSigner({ twinId: 7, type: 'sr25519', secret: '//Alice' });
  const signed = zos.signDeployment(d, signer);
  const check = await zos.verifyDeploymentSignatures(signed, () => ({ publicKey: signer.publicKey }));
  expect(check.valid).toBe(true);
  expect(Object.keys(zos.workloadTypes)).toContain('zmachine');
  expect(typeof zos.nextDeployment).toBe('function');
  expect(zos.GiB).toBe(1024 ** 3);
});

/** The explorer's redaction: every secret a workload of ours can carry is hidden, nothing else is. */
import { REDACTED, redactSecrets } from './redact';

it('hides passwords, keys, tokens and machine environment values at any depth', () => {
  const workload = {
    type: 'zmachine',
    data: {
      flist: 'https://hub/x.flist',
      env: { K3S_TOKEN: 'tok-123', SSH_KEY: 'ssh-ed25519 AAAA' },
      network: { mycelium: { hex_key: 'abcd', peers: ['p'] } },
    },
  };
  const qsfs = {
    config: {
      encryption: { algorithm: 'AES', key: 'k1' },
      meta: {
        config: { encryption: { key: 'k2' }, backends: [{ address: 'a', namespace: 'n', password: 'p1' }] },
      },
      groups: [{ backends: [{ address: 'b', password: 'p2' }] }],
    },
  };
  const net = { wireguard_private_key: 'wg', wireguard_public_key: 'pub', mycelium: { hex_key: 'mk' } };
  const out = JSON.stringify(redactSecrets([workload, qsfs, net, { password: 'zdbpw', mode: 'user' }]));
  for (const secret of ['tok-123', 'abcd', 'k1', 'k2', 'p1', 'p2', 'wg', 'mk', 'zdbpw', 'ssh-ed25519'])
    expect(out).not.toContain(`"${secret}`);
  for (const kept of ['https://hub/x.flist', 'K3S_TOKEN', 'pub', '"address":"a"', '"mode":"user"', 'AES'])
    expect(out).toContain(kept);
  expect(out.split(REDACTED).length - 1).toBe(10);
});

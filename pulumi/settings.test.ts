import { DEV_ACCOUNT } from '../model/config/networks';
import { resolveSettings } from './settings';

const from = (c: Record<string, string>) => ({ get: (k: string) => c[k] });

describe('resolveSettings', () => {
  it('defaults to the local dev grid with the dev account', () => {
    expect(resolveSettings(from({}), {})).toEqual({
      network: 'local',
      secret: DEV_ACCOUNT,
      timeoutMs: 300_000,
    });
  });

  it('takes a public network preset, the mnemonic from config before the environment', () => {
    const s = resolveSettings(from({ 'tfgrid:network': 'test', 'tfgrid:mnemonic': 'from config' }), {
      TFGRID_MNEMONIC: 'from env',
    });
    expect(s.endpoints?.substrateUrls).toEqual(['wss://tfchain.test.grid.tf/ws']);
    expect(s.secret).toBe('from config');
    expect(resolveSettings(from({ 'tfgrid:network': 'main' }), { TFGRID_MNEMONIC: 'from env' }).secret).toBe(
      'from env',
    );
  });

  it('takes explicit urls, all three together', () => {
    const s = resolveSettings(
      from({
        'tfgrid:substrateUrl': 'ws://127.0.0.1:1',
        'tfgrid:relayUrl': 'ws://127.0.0.1:2',
        'tfgrid:proxyUrl': 'http://127.0.0.1:3',
      }),
      {},
    );
    expect(s.endpoints).toEqual({
      network: 'local',
      substrateUrls: ['ws://127.0.0.1:1'],
      relayUrls: ['ws://127.0.0.1:2'],
      proxyUrl: 'http://127.0.0.1:3',
    });
    expect(() => resolveSettings(from({ 'tfgrid:relayUrl': 'ws://127.0.0.1:2' }), {})).toThrow(/go together/);
  });

  it('names the key to fix, never the secret', () => {
    expect(() => resolveSettings(from({ 'tfgrid:network': 'moon' }), {})).toThrow(
      /tfgrid:network must be one of/,
    );
    expect(() => resolveSettings(from({ 'tfgrid:network': 'main' }), {})).toThrow(/tfgrid:mnemonic/);
    expect(() => resolveSettings(from({ 'tfgrid:timeoutSeconds': '-1' }), {})).toThrow(/timeoutSeconds/);
  });
});

import { secureHash } from './commands/namespace-commands';
import { ZdbTestBed } from './testing/test-support';

const bed = new ZdbTestBed();
afterEach(() => bed.cleanup());

const ADMIN = 'admin-pass';

describe('zdb namespaces and authentication (ioredis)', () => {
  it('admin commands need AUTH when an admin password is set', async () => {
    const server = await bed.server({ adminPassword: ADMIN });
    const redis = bed.client(server);
    await expect(redis.call('NSNEW', 'x')).rejects.toThrow('Permission denied');
    await expect(redis.call('SET', 'k', 'v', '100')).rejects.toThrow('Permission denied');
    await expect(redis.call('AUTH', 'wrong')).rejects.toThrow('Access denied');
    expect(await redis.call('AUTH', ADMIN)).toBe('OK');
    expect(await redis.call('NSNEW', 'x')).toBe('OK');
    expect(await redis.call('SET', 'k', 'v', '100')).toBe('k');
    expect(await redis.call('KEYTIME', 'k')).toBe(100);
  });

  it('AUTH SECURE: challenge, sha1hex(nonce:password), nonce used once', async () => {
    const server = await bed.server({ adminPassword: ADMIN });
    const redis = bed.client(server);
    await expect(redis.call('AUTH', 'SECURE', 'a'.repeat(40))).rejects.toThrow(
      'No CHALLENGE requested, secure authentication not available',
    );
    const nonce = (await redis.call('AUTH', 'SECURE', 'CHALLENGE')) as string;
    expect(nonce).toMatch(/^[0-9a-f]{16}$/);
    await expect(redis.call('AUTH', 'SECURE', 'abc')).rejects.toThrow('Invalid hash length');
    expect(await redis.call('AUTH', 'SECURE', secureHash(nonce, ADMIN))).toBe('OK');
    expect(await redis.call('NSNEW', 'ok')).toBe('OK');

    const other = bed.client(server);
    const n2 = (await other.call('AUTH', 'SECURE', 'CHALLENGE')) as string;
    await expect(other.call('AUTH', 'SECURE', secureHash(n2, 'wrong'))).rejects.toThrow('Access denied');
    // the nonce is spent: the right answer no longer works
    await expect(other.call('AUTH', 'SECURE', secureHash(n2, ADMIN))).rejects.toThrow(
      'No CHALLENGE requested',
    );
  });

  it('NSNEW, NSLIST, NSINFO, NSSET, NSDEL with 0-db errors', async () => {
    const server = await bed.server();
    const redis = bed.client(server);
    expect(await redis.call('NSNEW', 'alpha')).toBe('OK');
    await expect(redis.call('NSNEW', 'alpha')).rejects.toThrow('This namespace is not available');
    await expect(redis.call('NSNEW', 'default')).rejects.toThrow('This name is not allowed');
    await expect(redis.call('NSNEW', 'a/b')).rejects.toThrow('This name is not allowed');
    await expect(redis.call('NSNEW', 'n'.repeat(129))).rejects.toThrow('Namespace too long');
    expect(await redis.call('NSLIST')).toEqual(['default', 'alpha']);

    const info = (await redis.call('NSINFO', 'alpha')) as string;
    expect(info).toContain('# namespace\nname: alpha\nentries: 0\npublic: yes\n');
    expect(info).toContain('password: no');
    expect(info).toContain('mode: userkey');
    await expect(redis.call('NSINFO', 'nope')).rejects.toThrow('Namespace not found');

    expect(await redis.call('NSSET', 'alpha', 'maxsize', '4096')).toBe('OK');
    expect(await redis.call('NSSET', 'alpha', 'password', 'pw')).toBe('OK');
    expect(await redis.call('NSSET', 'alpha', 'public', '0')).toBe('OK');
    const after = (await redis.call('NSINFO', 'alpha')) as string;
    expect(after).toContain('data_limits_bytes: 4096');
    expect(after).toContain('password: yes');
    expect(after).toContain('public: no');
    await expect(redis.call('NSSET', 'alpha', 'colour', 'x')).rejects.toThrow('Invalid property');
    await expect(redis.call('NSSET', 'default', 'password', 'x')).rejects.toThrow(
      'Cannot update default namespace',
    );
    await expect(redis.call('NSSET', 'alpha', 'mode', 'fast')).rejects.toThrow(
      'Invalid property value (expected: user, seq)',
    );

    await redis.call('SELECT', 'alpha', 'pw');
    await redis.call('SET', 'k', 'v');
    await expect(redis.call('NSSET', 'alpha', 'mode', 'seq')).rejects.toThrow(
      'Cannot change mode of used namespace',
    );
    await expect(redis.call('NSDEL', 'alpha')).rejects.toThrow(
      "Cannot remove namespace you're currently using.",
    );
    await expect(redis.call('NSDEL', 'default')).rejects.toThrow('Cannot remove default namespace');
    await redis.call('SELECT', 'default');
    expect(await redis.call('NSDEL', 'alpha')).toBe('OK');
    await expect(redis.call('NSDEL', 'alpha')).rejects.toThrow("This namespace doesn't exists");
    expect(await redis.call('NSLIST')).toEqual(['default']);
  });

  it("NSINFO gives the disks' free space (zstor reads it) and, to admins, the active files", async () => {
    const server = await bed.server({ adminPassword: ADMIN });
    const admin = bed.client(server);
    const user = bed.client(server);
    await admin.call('AUTH', ADMIN);
    await admin.call('NSNEW', 'zs');
    const fields = (text: string) =>
      new Map(
        text
          .split('\n')
          .filter((l) => l.includes(': '))
          .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
      );
    const seen = fields((await user.call('NSINFO', 'zs')) as string);
    for (const disk of ['index', 'data']) {
      const bytes = Number(seen.get(`${disk}_disk_freespace_bytes`));
      expect(bytes).toBeGreaterThan(0);
      expect(seen.get(`${disk}_disk_freespace_mb`)).toBe((bytes / 1024 / 1024).toFixed(2));
    }
    expect(seen.has('data_active')).toBe(false);
    const asAdmin = fields((await admin.call('NSINFO', 'zs')) as string);
    expect([...asAdmin.keys()].slice(-6)).toEqual([
      'data_path',
      'data_active',
      'index_path',
      'index_active',
      'data_current_id',
      'data_current_offset',
    ]);
    expect(asAdmin.get('data_active')).toBe(`${asAdmin.get('data_path')}/zdb-data-00000`);
    expect(asAdmin.get('index_active')).toBe(`${asAdmin.get('index_path')}/zdb-index-00000`);
  });

  it("NSSET maxsize keeps what 0-db's atoll keeps, as an unsigned 64-bit count", async () => {
    const server = await bed.server();
    const redis = bed.client(server);
    await redis.call('NSNEW', 'q');
    const limit = async (value: string) => {
      expect(await redis.call('NSSET', 'q', 'maxsize', value)).toBe('OK');
      const info = (await redis.call('NSINFO', 'q')) as string;
      return /^data_limits_bytes: (\d+)$/m.exec(info)![1];
    };
    expect(await limit('-1')).toBe('18446744073709551615');
    expect(await limit('99999999999999999999')).toBe('9223372036854775807');
    expect(await limit('9223372036854775808')).toBe('9223372036854775807');
    expect(await limit(' +42abc')).toBe('42');
    expect(await limit('abc')).toBe('0');
    // -1 is a limit no write reaches
    await limit('-1');
    await redis.call('SELECT', 'q');
    expect(await redis.call('SET', 'k', 'v')).toBe('k');
    expect(server.namespaceInfo('q')!.nsinfo).toContain('space_available: 18446744073709551614');
  });

  it('password semantics: public allows read-only SELECT, private refuses it, password * clears', async () => {
    const server = await bed.server();
    server.createNamespace('pub', { password: 'pw', public: true });
    server.createNamespace('priv', { password: 'pw', public: false });
    const owner = bed.client(server);
    await owner.call('SELECT', 'pub', 'pw');
    await owner.call('SET', 'k', 'v');

    const reader = bed.client(server);
    expect(await reader.call('SELECT', 'pub')).toBe('OK');
    expect(await reader.call('GET', 'k')).toBe('v');
    await expect(reader.call('SET', 'k', 'x')).rejects.toThrow('Namespace is in read-only mode');
    await expect(reader.call('DEL', 'k')).rejects.toThrow('Namespace is in read-only mode');
    await expect(reader.call('SELECT', 'pub', 'wrong')).rejects.toThrow('Access denied');
    await expect(reader.call('SELECT', 'priv')).rejects.toThrow('Namespace protected and private');
    await expect(reader.call('SELECT', 'nope')).rejects.toThrow('Namespace not found');

    // SELECT ... SECURE sha1hex(nonce:password)
    const nonce = (await reader.call('AUTH', 'SECURE', 'CHALLENGE')) as string;
    await expect(reader.call('SELECT', 'priv', 'SECURE', secureHash(nonce, 'wrong'))).rejects.toThrow(
      'Access denied',
    );
    expect(await reader.call('SELECT', 'priv', 'SECURE', secureHash(nonce, 'pw'))).toBe('OK');
    expect(await reader.call('SET', 'mine', 'v')).toBe('mine');

    // no password: anyone writes, whatever the public flag
    expect(await owner.call('NSSET', 'priv', 'password', '*')).toBe('OK');
    const anyone = bed.client(server);
    expect(await anyone.call('SELECT', 'priv')).toBe('OK');
    expect(await anyone.call('SET', 'free', 'v')).toBe('free');
  });

  it('FLUSH only on a private, password-protected namespace', async () => {
    const server = await bed.server();
    server.createNamespace('open');
    server.createNamespace('closed', { password: 'pw', public: false });
    const redis = bed.client(server);
    await expect(redis.call('FLUSH')).rejects.toThrow('Flushing public namespace denied');
    await redis.call('SELECT', 'closed', 'pw');
    await redis.call('SET', 'a', '1');
    await redis.call('SET', 'b', '2');
    expect(await redis.call('DBSIZE')).toBe(2);
    expect(await redis.call('FLUSH')).toBe('OK');
    expect(await redis.call('DBSIZE')).toBe(0);
    expect(await redis.call('GET', 'a')).toBeNull();
    // empty again: the mode may change
    expect(await redis.call('NSSET', 'closed', 'mode', 'seq')).toBe('OK');
  });

  it('clients of a deleted namespace are told and disconnected', async () => {
    const server = await bed.server();
    server.createNamespace('doomed');
    const user = bed.client(server);
    await user.call('SELECT', 'doomed');
    await user.call('SET', 'k', 'v');
    server.deleteNamespace('doomed');
    await expect(user.call('GET', 'k')).rejects.toThrow(
      'Your active namespace is not available anymore (probably removed).',
    );
    expect(server.namespaceInfo('doomed')).toBeUndefined();
  });

  it('admin API provisions the way zos does: create, update (grow), freeze, delete', async () => {
    const server = await bed.server({ adminPassword: ADMIN });
    const info = server.createNamespace('7-42-store', {
      mode: 'seq',
      password: 'pw',
      public: false,
      maxsize: 1 << 20,
    });
    expect(info).toMatchObject({
      name: '7-42-store',
      mode: 'seq',
      maxsize: 1 << 20,
      public: false,
      passwordProtected: true,
    });
    expect(() => server.createNamespace('7-42-store')).toThrow(/already exists/);
    expect(() => server.createNamespace('bad/name')).toThrow(/must not contain/);
    expect(() => server.updateNamespace('missing', { maxsize: 1 })).toThrow(/does not exist/);
    expect(server.updateNamespace('7-42-store', { maxsize: 2 << 20 }).maxsize).toBe(2 << 20);

    const redis = bed.client(server);
    await redis.call('SELECT', '7-42-store', 'pw');
    await redis.callBuffer('SET', '', 'data');
    expect(() => server.updateNamespace('7-42-store', { mode: 'user' })).toThrow(
      /Cannot change mode of used namespace/,
    );
    server.freeze('7-42-store');
    expect(server.namespaceInfo('7-42-store')!.lock).toBe('frozen');
    await expect(redis.call('DBSIZE')).resolves.toBe(1);
    await expect(redis.call('SCAN')).rejects.toThrow('Namespace is temporarily frozen');
    server.unfreeze('7-42-store');
    expect(server.updateNamespace('7-42-store', { password: '' }).passwordProtected).toBe(false);
    await redis.call('SELECT', 'default');
    server.deleteNamespace('7-42-store');
    expect(server.listNamespaces()).toEqual(['default']);
  });
});

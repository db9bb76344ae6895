import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client, utils, type ConnectConfig } from 'ssh2';
import {
  PAUSED_EXIT_CODE,
  PAUSED_MESSAGE,
  startMachineSandbox,
  type MachineSandbox,
} from './machine-sandbox';
import { generateSshKeyPair, sshFingerprint } from './ssh-keys';

interface ExecResult {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

function connect(port: number, config: ConnectConfig): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', (e) => {
      c.end();
      reject(e);
    });
    c.connect({ host: '127.0.0.1', port, username: 'root', readyTimeout: 20000, ...config });
  });
}

function exec(client: Client, command: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      const r: ExecResult = { code: undefined, stdout: '', stderr: '' };
      stream.on('data', (d: Buffer) => (r.stdout += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
      stream.on('exit', (code: number) => (r.code = code));
      stream.on('close', () => resolve(r));
    });
  });
}

async function execOnce(port: number, privateKey: string, command: string): Promise<ExecResult> {
  const client = await connect(port, { privateKey });
  try {
    return await exec(client, command);
  } finally {
    client.end();
  }
}

describe('machine sandbox', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
  const dir = path.join(root, 'machines', 'm1');
  const alice = generateSshKeyPair('alice');
  const bob = generateSshKeyPair('bob');
  const console: string[] = [];
  let sandbox: MachineSandbox;

  beforeAll(async () => {
    sandbox = await startMachineSandbox({
      dir,
      authorizedKeys: [alice.publicKeyLine],
      env: { GREETING: 'hello from env', SSH_KEY: alice.publicKeyLine },
      hostKeySeed: 'node-1/m1',
      consoleLog: (l) => console.push(l),
      execTimeoutMs: 1500,
    });
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('an authorized ed25519 key runs a command in the machine dir, which was created', async () => {
    expect(sandbox.host).toBe('127.0.0.1');
    const r = await execOnce(sandbox.port, alice.privateKey, 'echo hi && pwd');
    expect(r).toEqual({ code: 0, stdout: `hi\n${dir}\n`, stderr: '' });
    expect(console).toEqual(expect.arrayContaining(['$ echo hi && pwd', 'hi', dir, '[exit 0]']));
  });

  test('env, HOME, stderr and exit codes reach the client', async () => {
    const client = await connect(sandbox.port, { privateKey: alice.privateKey });
    try {
      expect((await exec(client, 'echo "$GREETING" "$HOME"')).stdout).toBe(`hello from env ${dir}\n`);
      expect(await exec(client, 'echo oops >&2; exit 3')).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
    } finally {
      client.end();
    }
  });

  test('stdin is piped to the command', async () => {
    const client = await connect(sandbox.port, { privateKey: alice.privateKey });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        client.exec('tr a-z A-Z', (err, stream) => {
          if (err) return reject(err);
          let s = '';
          stream.on('data', (d: Buffer) => (s += d.toString()));
          stream.on('close', () => resolve(s));
          stream.end('piped input\n');
        });
      });
      expect(out).toBe('PIPED INPUT\n');
    } finally {
      client.end();
    }
  });

  test('a command past the timeout is killed with exit code 124', async () => {
    const r = await execOnce(sandbox.port, alice.privateKey, 'sleep 30; echo never');
    expect(r.code).toBe(124);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/timed out after 1500 ms/);
  });

  test('an interactive shell over a plain pipe', async () => {
    const client = await connect(sandbox.port, { privateKey: alice.privateKey });
    try {
      const r = await new Promise<ExecResult>((resolve, reject) => {
        client.shell(false, (err, stream) => {
          if (err) return reject(err);
          const res: ExecResult = { code: undefined, stdout: '', stderr: '' };
          stream.on('data', (d: Buffer) => (res.stdout += d.toString()));
          stream.stderr.on('data', (d: Buffer) => (res.stderr += d.toString()));
          stream.on('exit', (code: number) => (res.code = code));
          stream.on('close', () => resolve(res));
          stream.write('echo from-shell\nexit 5\n');
        });
      });
      expect(r.stdout).toContain('from-shell');
      expect(r.code).toBe(5);
      expect(console).toContain('$ echo from-shell');
    } finally {
      client.end();
    }
  });

  test('an RSA key in the list is accepted too', async () => {
    const rsa = utils.generateKeyPairSync('rsa', { bits: 2048, comment: 'rsa' });
    sandbox.updateKeys([alice.publicKeyLine, rsa.public]);
    const r = await execOnce(sandbox.port, rsa.private, 'echo rsa-ok');
    expect(r.stdout).toBe('rsa-ok\n');
    sandbox.updateKeys([alice.publicKeyLine]);
  });

  test('a key not in the list is refused', async () => {
    await expect(connect(sandbox.port, { privateKey: bob.privateKey })).rejects.toThrow(
      /authentication methods failed/,
    );
  });

  test('password auth is refused, even with no key offered', async () => {
    await expect(connect(sandbox.port, { password: 'root', tryKeyboard: true })).rejects.toThrow(
      /authentication methods failed/,
    );
  });

  test('updateKeys takes effect on the next login', async () => {
    sandbox.updateKeys([bob.publicKeyLine]);
    try {
      expect((await execOnce(sandbox.port, bob.privateKey, 'echo bob')).stdout).toBe('bob\n');
      await expect(connect(sandbox.port, { privateKey: alice.privateKey })).rejects.toThrow(
        /authentication methods failed/,
      );
    } finally {
      sandbox.updateKeys([alice.publicKeyLine]);
    }
  });

  test('while paused new sessions are refused with a message; resume lets them run', async () => {
    sandbox.pause();
    expect(sandbox.paused).toBe(true);
    const refused = await execOnce(sandbox.port, alice.privateKey, 'echo should-not-run');
    expect(refused).toEqual({ code: PAUSED_EXIT_CODE, stdout: '', stderr: `${PAUSED_MESSAGE}\n` });
    expect(console).not.toContain('should-not-run');
    sandbox.resume();
    expect((await execOnce(sandbox.port, alice.privateKey, 'echo back')).stdout).toBe('back\n');
  });
});

describe('machine sandbox host key', () => {
  test('is the same across restarts with the same seed, and is what clients see', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-hostkey-'));
    const key = generateSshKeyPair();
    const seen: string[] = [];
    const start = (seed: string) =>
      startMachineSandbox({ dir: root, authorizedKeys: [key.publicKeyLine], env: {}, hostKeySeed: seed });
    const login = async (port: number) => {
      const c = await connect(port, {
        privateKey: key.privateKey,
        hostVerifier: (hostKey: Buffer) => {
          seen.push(sshFingerprint(hostKey));
          return true;
        },
      });
      c.end();
    };
    try {
      const first = await start('node-7/42-1-vm');
      await login(first.port);
      await first.close();
      const second = await start('node-7/42-1-vm');
      await login(second.port);
      await second.close();
      const other = await start('node-7/42-2-vm');
      await other.close();
      expect(second.hostKeyFingerprint).toBe(first.hostKeyFingerprint);
      expect(seen).toEqual([first.hostKeyFingerprint, first.hostKeyFingerprint]);
      expect(other.hostKeyFingerprint).not.toBe(first.hostKeyFingerprint);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("a command's background jobs go with the machine", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bg-'));
    const key = generateSshKeyPair('bg');
    const own = await startMachineSandbox({
      dir: path.join(tmp, 'm'),
      authorizedKeys: [key.publicKeyLine],
      env: {},
    });
    const r = await execOnce(own.port, key.privateKey, 'nohup sleep 300 >/dev/null 2>&1 & echo $!');
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // running, or stopped: a killed one may linger as a zombie when nothing reaps orphans here
    const alive = () => {
      try {
        const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return state !== undefined && state !== 'Z' && state !== 'X';
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    await own.close();
    for (let i = 0; i < 50 && alive(); i++) await new Promise((res) => setTimeout(res, 20));
    expect(alive()).toBe(false);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});

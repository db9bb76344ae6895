/**
 * `apply --verify`: checks that what was deployed answers like it should: every zdb takes its
 * password over RESP, every machine runs a command over SSH, every name gateway serves HTTP from
 * its backend machine. On the dev grid, before the gateway check, a one-line HTTP responder is
 * started inside the backend machine over SSH, so the whole path gateway -> machine is exercised.
 */
import * as fs from 'fs';
import * as http from 'http';
import { Client } from 'ssh2';
import type { SynthResult, DeploymentUnit } from '../constructs/manifest';
import type { ApplyResult } from '../engine/engine';
import { secretValues } from '../engine/secrets';
import { respExchange } from '../clients/net/resp-probe';
import type { GridSession } from './grid-session';
import type { Output } from './output';

export interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const SECRET = /^\$\{secret:([^}]+)\}$/;

function sshExec(
  address: string,
  privateKey: string,
  command: string,
  timeoutMs = 10_000,
): Promise<{ code: number; stdout: string }> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve, reject) => {
    const conn = new Client();
    const timer = setTimeout(() => {
      conn.end();
      reject(new Error(`no answer from ${address} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    conn
      .on('ready', () => {
        conn.exec(command, (err, stream) => {
          if (err) {
            clearTimeout(timer);
            conn.end();
            return reject(err);
          }
          let stdout = '';
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.on('data', () => undefined);
          stream.on('close', (code: number) => {
            clearTimeout(timer);
            conn.end();
            resolve({ code: code ?? 0, stdout });
          });
        });
      })
      .on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      })
      .connect({ host, port, username: 'root', privateKey, readyTimeout: timeoutMs });
  });
}

function httpGet(url: string, host: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
  });
}

/**
 * GET through a gateway until the backend answers: a responder just started (or a route just
 * added) takes a moment, so 502/503/504 and refused connections are retried until `withinMs`.
 */
async function httpGetSettled(
  url: string,
  host: string,
  withinMs = 20_000,
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const res = await httpGet(url, host);
      if (![502, 503, 504].includes(res.status) || Date.now() > deadline) return res;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function privateKeyFor(module: Record<string, unknown>): string | undefined {
  if (typeof module.verifySshPrivateKey === 'string') return module.verifySshPrivateKey;
  const file = process.env.TFGRID_SSH_PRIVATE_KEY_FILE;
  return file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

export async function verifyOutputs(
  synth: SynthResult,
  result: ApplyResult,
  session: GridSession,
  module: Record<string, unknown>,
  io: Output,
): Promise<Check[]> {
  const checks: Check[] = [];
  const secrets = secretValues(synth.manifest, synth.secrets, session.backend.accountSecret);
  const units = synth.manifest.units.filter((u): u is DeploymentUnit => u.kind === 'deployment');
  const key = privateKeyFor(module);
  const privateIpOf = new Map<string, string>();
  for (const u of units) {
    const out = result.outputs[u.id];
    if (!out) continue;
    for (const w of u.workloads) {
      const r = out.workloads[w.name] as Record<string, unknown> | undefined;
      if (w.type === 'zdb' && r) {
        const pw = String(w.data.password ?? '').replace(SECRET, (_, n: string) => secrets[n] ?? '');
        const address = `${(r.IPs as string[])[0]}:${r.Port}`;
        try {
          const replies = await respExchange(address, [
            pw ? ['SELECT', String(r.Namespace), pw] : ['SELECT', String(r.Namespace)],
            ['PING'],
          ]);
          checks.push({
            what: `zdb ${u.id}/${w.name} (${address})`,
            ok: replies[0] === '+OK' && replies[1] === '+PONG',
            detail: replies.join(' '),
          });
        } catch (e) {
          checks.push({
            what: `zdb ${u.id}/${w.name} (${address})`,
            ok: false,
            detail: (e as Error).message,
          });
        }
      }
      if (w.type === 'zmachine' && r) {
        const address =
          session.network === 'local'
            ? String(r.console_url)
            : `${String(r.planetary_ip || r.mycelium_ip)}:22`;
        privateIpOf.set(String(r.ip), address);
        if (!key) {
          checks.push({
            what: `machine ${u.id}/${w.name}`,
            ok: false,
            detail:
              'no SSH private key: set TFGRID_SSH_PRIVATE_KEY_FILE (or export verifySshPrivateKey from the program)',
          });
          continue;
        }
        try {
          const res = await sshExec(address, key, 'echo tfgrid-verify');
          checks.push({
            what: `machine ${u.id}/${w.name} over SSH (${address})`,
            ok: res.code === 0 && res.stdout.trim() === 'tfgrid-verify',
            detail: `exit ${res.code}`,
          });
        } catch (e) {
          checks.push({
            what: `machine ${u.id}/${w.name} over SSH (${address})`,
            ok: false,
            detail: (e as Error).message,
          });
        }
      }
    }
  }
  for (const u of units) {
    for (const w of u.workloads.filter((x) => x.type === 'gateway-name-proxy')) {
      const fqdn = String(
        (result.outputs[u.id]?.workloads[w.name] as { fqdn?: string } | undefined)?.fqdn ?? '',
      );
      const backend = String((w.data.backends as string[])[0] ?? '');
      const m = /^https?:\/\/(\[[^\]]+\]|[^/:]+):(\d+)/.exec(backend.replace(/\$\{[^}]+\}/g, ''));
      let resolvedBackend = backend;
      const gatewayUrl = session.network === 'local' ? session.devgrid?.gatewayUrl : `http://${fqdn}`;
      if (!gatewayUrl || !fqdn) {
        checks.push({ what: `gateway ${w.name}`, ok: false, detail: 'no gateway address known' });
        continue;
      }
      if (session.network === 'local' && key) {
        // the backend machine: the one whose private ip the deployed backend names
        const deployed = (
          await session.backend.getDeployment(result.outputs[u.id].nodeId, result.outputs[u.id].contractId)
        )?.workloads.find((x) => x.name === w.name);
        resolvedBackend = String(((deployed?.data as { backends?: string[] })?.backends ?? [backend])[0]);
        const bm = /^https?:\/\/(\[[^\]]+\]|[^/:]+):(\d+)/.exec(resolvedBackend) ?? m;
        const machine = bm ? privateIpOf.get(bm[1]) : undefined;
        if (machine && bm) {
          // a responder that answers for two minutes, then leaves (and goes with the machine before that)
          const server = `require('http').createServer((q,s)=>s.end('tfgrid-verify\\n')).listen(${bm[2]},'127.0.0.1');setTimeout(()=>process.exit(0),120000)`;
          await sshExec(machine, key, `nohup ${process.execPath} -e "${server}" >/dev/null 2>&1 &`).catch(
            (e: Error) => io.err(`could not start a responder in ${machine}: ${e.message}`),
          );
        }
      }
      try {
        const res = await httpGetSettled(gatewayUrl, fqdn);
        checks.push({
          what: `gateway ${fqdn} -> ${resolvedBackend}`,
          ok: res.status === 200,
          detail: `HTTP ${res.status}, ${res.body.length} bytes: ${res.body.trim().split('\n')[0]}`,
        });
      } catch (e) {
        checks.push({ what: `gateway ${fqdn}`, ok: false, detail: (e as Error).message });
      }
    }
  }
  return checks;
}

// The dev grid explorer's page logic: plain JavaScript, no build step. It reads the read-only JSON
// API (/api/state, /api/node/:id), renders the view named by the URL hash (#/, #/node/3,
// #/contract/12, #/twin/5, #/project/full-stack, ...) and renders it again when /api/events
// announces a new block, so the page follows the chain without a reload.
/* global document, window, fetch, location, EventSource */

const view = document.getElementById('view');
const headEl = document.getElementById('head');
let state;

/** Escapes text for HTML: every value from the API goes through this. */
const h = (v) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const badge = (s) => `<span class="badge state-${h(s)}" data-state="${h(s)}">${h(s)}</span>`;
const link = (kind, id, text = `${kind} ${id}`) =>
  id === undefined || id === null
    ? '<span class="muted">-</span>'
    : `<a href="#/${kind}/${encodeURIComponent(id)}">${h(text)}</a>`;
const gib = (b) => (b / 1024 ** 3).toFixed(0);
const tft = (x) => `${Number(x ?? 0).toFixed(4)} TFT`;
const short = (s, n = 10) => (s && s.length > n + 4 ? `${s.slice(0, n)}…` : (s ?? ''));
const bar = (used, total) =>
  `<span class="bar"><span style="width:${total ? Math.min(100, (100 * used) / total).toFixed(0) : 0}%"></span></span>`;

async function api(path) {
  const r = await fetch(path, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

function nodesTable(nodes) {
  const rows = nodes.map((n) => {
    const u = n.used ?? { cru: 0, mru: 0, sru: 0, hru: 0 };
    return `<tr data-node="${n.id}">
      <td>${link('node', n.id)}</td><td>farm ${h(n.farmId)}</td><td>${badge(n.up ? 'up' : 'down')}</td>
      <td>${u.cru}/${n.total.cru} cores ${bar(u.cru, n.total.cru)}</td>
      <td>${gib(u.mru)}/${gib(n.total.mru)} GiB ${bar(u.mru, n.total.mru)}</td>
      <td>${gib(u.sru)}/${gib(n.total.sru)} GiB</td><td>${gib(u.hru)}/${gib(n.total.hru)} GiB</td>
      <td>${n.publicConfig ? h(n.publicConfig.ip4.ip) : '<span class="muted">hidden</span>'}</td>
      <td>${h(n.gatewayDomain ?? '')}</td><td>${h(n.deployments ?? '-')}</td><td>${link('twin', n.twinId)}</td></tr>`;
  });
  return `<table><tr><th>node</th><th>farm</th><th>status</th><th>cpu used/total</th><th>memory</th><th>ssd</th><th>hdd</th><th>public ip</th><th>gateway domain</th><th>deployments</th><th>twin</th></tr>${rows.join('')}</table>`;
}

function farmsTable(farms) {
  return `<table><tr><th>farm</th><th>name</th><th>twin</th><th>certification</th><th>public ips (used/total)</th></tr>${farms
    .map(
      (
        f,
      ) => `<tr data-farm="${f.id}"><td>${h(f.id)}</td><td>${h(f.name)}</td><td>${link('twin', f.twinId)}</td><td>${h(f.certification)}</td>
      <td>${f.publicIps.filter((ip) => ip.contractId).length}/${f.publicIps.length}</td></tr>`,
    )
    .join('')}</table>`;
}

const workloadsCell = (ws) =>
  ws
    .map(
      (w) =>
        `<span data-workload="${h(w.name)}" title="${h(w.type)}${w.error ? `: ${h(w.error)}` : ''}">${h(w.name)} ${badge(w.state)}</span>`,
    )
    .join(' ');

function contractsTable(contracts) {
  return `<table><tr><th>contract</th><th>type</th><th>state</th><th>twin</th><th>node</th><th>project</th><th>unit</th><th>billed</th><th>workloads</th></tr>${contracts
    .map(
      (c) => `<tr data-contract="${c.contractId}" data-unit="${h(c.unit ?? '')}">
      <td>${link('contract', c.contractId)}</td><td>${h(c.type)}${c.name ? ` <code>${h(c.name)}</code>` : ''}</td><td>${badge(c.state)}</td>
      <td>${link('twin', c.twinId)}</td><td>${c.nodeId ? link('node', c.nodeId) : '<span class="muted">-</span>'}</td>
      <td>${c.project ? link('project', c.project, c.project) : '<span class="muted">-</span>'}</td><td>${h(c.unit ?? '')}</td>
      <td>${tft(c.billedTft)}</td><td>${workloadsCell(c.workloads)}</td></tr>`,
    )
    .join('')}</table>`;
}

function proposalsTable(proposals) {
  if (!proposals.length) return '<p class="muted">no proposals</p>';
  return proposals
    .map((p) => {
      const votes = [
        ...p.ayes.map((v) => ({ ...v, approve: true })),
        ...p.nays.map((v) => ({ ...v, approve: false })),
      ];
      const left =
        p.secondsLeft > 0
          ? `${Math.floor(p.secondsLeft / 3600)} h ${Math.floor((p.secondsLeft % 3600) / 60)} min left`
          : 'ended';
      return `<div class="proposal" data-proposal="${h(p.hash)}"><h3>#${h(p.index)} ${h(p.description ?? '')} ${badge(p.result)}</h3>
      <p>action <code>${h(p.action ?? '-')}</code> · threshold ${h(p.threshold ?? '-')} votes · ${h(left)}${p.end ? ` (block ${h(p.end)})` : ''}
      · ayes ${p.ayes.length} (weight ${h(p.ayesWeight)}) · nays ${p.nays.length} (weight ${h(p.naysWeight)})
      · vetoes ${p.vetos.length}${p.vetos.length ? `: ${p.vetos.map((v) => `<code>${h(short(v))}</code>`).join(', ')}` : ''}
      ${p.wouldPass !== undefined ? `· would ${p.wouldPass ? '' : 'not '}pass if closed now` : ''}${p.executed ? ` · executed ${h(p.executed)}` : ''}
      ${p.link ? `· <a href="${h(p.link)}" rel="noreferrer">link</a>` : ''}</p>
      <table><tr><th>farm</th><th>vote</th><th>weight</th></tr>${
        votes
          .map(
            (v) =>
              `<tr data-vote-farm="${h(v.farmId)}"><td>farm ${h(v.farmId)}</td><td>${badge(v.approve ? 'aye' : 'nay')}</td><td>${h(v.weight)}</td></tr>`,
          )
          .join('') || '<tr><td colspan="3" class="muted">no votes yet</td></tr>'
      }</table></div>`;
    })
    .join('');
}

function blocksTable(blocks, limit = blocks.length) {
  return `<table><tr><th>block</th><th>extrinsics (call, signer, result)</th><th>events</th></tr>${blocks
    .slice(0, limit)
    .map(
      (
        b,
      ) => `<tr data-block="${b.number}"><td>#${h(b.number)}<br/><code class="muted">${h(short(b.hash, 12))}</code></td>
      <td>${b.extrinsics
        .map(
          (x) =>
            `<div><code>${h(x.call)}</code> ${x.signer ? `by <code>${h(short(x.signer))}</code>` : '<span class="muted">inherent</span>'} ${badge(x.ok ? 'ok' : 'error')}${x.ok ? '' : ` ${h(x.result)}`}</div>`,
        )
        .join('')}</td>
      <td>${b.events
        .filter((e) => e.section !== 'system' || e.method === 'ExtrinsicFailed')
        .map((e) => `<code>${h(e.section)}.${h(e.method)}</code>`)
        .join(' ')}</td></tr>`,
    )
    .join('')}</table>`;
}

function projectsList() {
  const entries = Object.entries(state.projects);
  if (!entries.length) return '<p class="muted">no project has contracts</p>';
  return `<table><tr><th>project</th><th>contracts</th><th>live</th><th>billed</th></tr>${entries
    .map(([p, ids]) => {
      const cs = state.contracts.filter((c) => ids.includes(c.contractId));
      return `<tr data-project="${h(p)}"><td>${link('project', p, p)}</td><td>${ids.length}</td><td>${cs.filter((c) => c.state !== 'deleted').length}</td><td>${tft(cs.reduce((s, c) => s + c.billedTft, 0))}</td></tr>`;
    })
    .join('')}</table>`;
}

const views = {
  async overview() {
    return `<div class="grid2"><section><h2>Projects</h2>${projectsList()}</section>
      <section><h2>Farms</h2>${farmsTable(state.farms)}</section></div>
      <section><h2>Nodes</h2>${nodesTable(state.nodes)}</section>
      <section><h2>DAO proposals</h2>${proposalsTable(state.proposals)}</section>
      <section><h2>Latest blocks</h2>${blocksTable(state.blocks, 8)}</section>`;
  },
  async nodes() {
    return `<section><h2>Farms</h2>${farmsTable(state.farms)}</section><section><h2>Nodes</h2>${nodesTable(state.nodes)}</section>`;
  },
  async contracts() {
    const byTwin = new Map();
    for (const c of state.contracts) byTwin.set(c.twinId, [...(byTwin.get(c.twinId) ?? []), c]);
    return `<section><h2>Twins</h2><table><tr><th>twin</th><th>account</th><th>relay</th><th>contracts</th></tr>${state.twins
      .map(
        (t) =>
          `<tr data-twin="${t.id}"><td>${link('twin', t.id)}</td><td><code>${h(t.accountId)}</code></td><td>${h(t.relay ?? '')}</td><td>${(byTwin.get(t.id) ?? []).length}</td></tr>`,
      )
      .join('')}</table></section>
      ${[...byTwin.entries()].map(([twin, cs]) => `<section><h2>Contracts of ${link('twin', twin)}</h2>${contractsTable(cs)}</section>`).join('')}`;
  },
  async dao() {
    return `<section><h2>DAO proposals</h2>${proposalsTable(state.proposals)}</section>`;
  },
  async blocks() {
    return `<section><h2>Latest blocks</h2>${blocksTable(state.blocks)}</section>`;
  },
  async project(name) {
    const cs = state.contracts.filter((c) => c.project === name);
    return `<section><h2>Project ${h(name)}</h2><p>${cs.filter((c) => c.state !== 'deleted').length} live contract(s) of ${cs.length}</p>${contractsTable(cs)}</section>`;
  },
  async twin(id) {
    const t = state.twins.find((x) => String(x.id) === id);
    const cs = state.contracts.filter((c) => String(c.twinId) === id);
    const farms = state.farms.filter((f) => String(f.twinId) === id);
    const nodes = state.nodes.filter((n) => String(n.twinId) === id);
    return `<section><h2>Twin ${h(id)}</h2>${t ? `<p>account <code>${h(t.accountId)}</code> · relay ${h(t.relay ?? '-')}</p>` : '<p class="muted">unknown twin</p>'}
      ${farms.length ? `<p>owns ${farms.map((f) => `farm ${h(f.id)} (${h(f.name)})`).join(', ')}</p>` : ''}
      ${nodes.length ? `<p>is the twin of ${nodes.map((n) => link('node', n.id)).join(', ')}</p>` : ''}
      <h3>Contracts</h3>${contractsTable(cs)}</section>`;
  },
  async contract(id) {
    const c = state.contracts.find((x) => String(x.contractId) === id);
    if (!c) return `<section><h2>Contract ${h(id)}</h2><p class="muted">unknown contract</p></section>`;
    return `<section data-contract="${c.contractId}"><h2>Contract ${h(id)} ${badge(c.state)}</h2>
      <p>${h(c.type)} contract of ${link('twin', c.twinId)}${c.nodeId ? ` on ${link('node', c.nodeId)}` : ''}${c.name ? ` for name <code>${h(c.name)}</code>` : ''}
      ${c.project ? ` · project ${link('project', c.project, c.project)} unit <code>${h(c.unit)}</code>` : ''}
      · created at block ${h(c.createdBlock)}${c.deletedBlock ? ` · deleted at block ${h(c.deletedBlock)}` : ''} · ${c.publicIps ?? 0} public IP(s)</p>
      <h3>Workloads</h3>${c.workloads.length ? workloadsCell(c.workloads) : '<p class="muted">none</p>'}
      ${c.nodeId ? `<p>see the deployment on ${link('node', c.nodeId)}</p>` : ''}
      <h3>Billing (ContractBilled events)</h3>${c.billing.length ? `<table><tr><th>block</th><th>amount</th></tr>${c.billing.map((b) => `<tr><td>#${h(b.block)}</td><td>${tft(b.tft)}</td></tr>`).join('')}</table>` : '<p class="muted">not billed yet</p>'}
      <p>total billed ${tft(c.billedTft)}</p></section>`;
  },
  async node(id) {
    const n = state.nodes.find((x) => String(x.id) === id);
    const d = await api(`/api/node/${encodeURIComponent(id)}`);
    const contractOf = (cid) => state.contracts.find((c) => c.contractId === cid);
    const deployments = d.deployments
      .map((dep) => {
        const c = contractOf(dep.contractId);
        return `<section data-deployment="${dep.contractId}"><h2>Deployment of ${link('contract', dep.contractId)} ${c ? badge(c.state) : ''}</h2>
        <p>${link('twin', dep.twinId)} · version ${h(dep.version)}${c?.project ? ` · project ${link('project', c.project, c.project)} unit <code>${h(c.unit)}</code>` : ''}</p>
        <table><tr><th>workload</th><th>type</th><th>state</th><th>details</th></tr>${dep.workloads
          .map(
            (
              w,
            ) => `<tr data-workload="${h(w.name)}"><td>${h(w.name)}</td><td>${h(w.type)}</td><td>${badge(w.state)}${w.error ? `<div class="muted">${h(w.error)}</div>` : ''}</td>
            <td>${w.namespace ? `namespace <code>${h(w.namespace.name)}</code> · ${h(w.namespace.mode)} · ${h(w.namespace.entries)} keys · ${h(w.namespace.dataSizeBytes)} bytes used of ${w.namespace.maxsize ? `${gib(w.namespace.maxsize)} GiB` : 'unlimited'}` : ''}
            ${w.result && w.type !== 'zdb' ? `<code>${h(JSON.stringify(w.result))}</code>` : ''}
            ${w.console ? `<div>console (what zlogs streams):</div><pre data-console="${h(w.name)}">${h(w.console.join('\n') || '(no output yet)')}</pre>` : ''}</td></tr>`,
          )
          .join('')}</table></section>`;
      })
      .join('');
    const routes = d.routes.length
      ? `<section><h2>Gateway routes</h2><table><tr><th>host</th><th>backends</th><th>forwarding</th></tr>${d.routes
          .map(
            (r) =>
              `<tr data-route="${h(r.hostname)}"><td>${h(r.hostname)}</td><td>${r.backends.map(h).join('<br/>')}</td><td>${h(r.forwarding)}</td></tr>`,
          )
          .join('')}</table></section>`
      : '';
    return `<section><h2>Node ${h(id)} ${badge(d.up ? 'up' : 'down')}</h2>${n ? nodesTable([n]) : ''}</section>${routes}${deployments || '<p class="muted">no deployments</p>'}`;
  },
};

async function render() {
  const [, kind = 'overview', arg] = (location.hash || '#/').split('/');
  const name = kind === '' ? 'overview' : kind;
  try {
    state = await api('/api/state');
    const html = await (views[name] ?? views.overview)(
      arg === undefined ? undefined : decodeURIComponent(arg),
    );
    const y = window.scrollY;
    view.innerHTML = html;
    window.scrollTo(0, y);
    document.body.dataset.head = state.head;
  } catch (e) {
    view.innerHTML = `<p class="muted">cannot read the dev grid: ${h(e.message)}</p>`;
  }
}

let pending = Promise.resolve();
const rerender = () => (pending = pending.then(render, render));
window.addEventListener('hashchange', rerender);
const events = new EventSource('/api/events');
events.addEventListener('block', (e) => {
  const { number } = JSON.parse(e.data);
  headEl.textContent = `block #${number}`;
  headEl.classList.add('live');
  rerender();
});
events.onerror = () => headEl.classList.remove('live');
rerender();

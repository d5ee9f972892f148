import {LitElement, html, css} from 'lit';
import {graphql, subscribe} from './api.js';
import {badge, base, can, number, pageState, when} from './ui.js';
import './monitor.js';

const VERSION = 'version approvalStatus';
const DEPLOYMENT = `name model stable { ${VERSION} } canary { ${VERSION} } canaryPercent sticky shadow { ${VERSION} }
  ratePerSecond burst labelsOnly
  updatedAt updatedBy`;
const ROLLOUT = `id status reason step percent canaryVersion stableVersion startedBy startedAt endedAt
  plan { percent pauseSeconds }
  analyses { step percent startedAt passed conclusive reasons canaryRequests stableRequests canaryErrorRate
    stableErrorRate canaryP95Millis stableP95Millis labelPsi passportPsi inputPsi inputPsiColumn canaryFeedback
    canaryAccuracy stableAccuracy }`;
const IN_FLIGHT = ['RUNNING', 'PAUSED', 'AWAITING_APPROVAL'];

/** Every deployment with its traffic split. */
class HoneDeployments extends LitElement {
  static properties = {data: {state: true}, error: {state: true}};
  static styles = [base, split()];

  connectedCallback() {
    super.connectedCallback();
    graphql(`{ deployments { ${DEPLOYMENT} } }`).then(d => (this.data = d.deployments))
      .catch(e => (this.error = e.message));
  }

  render() {
    const state = pageState(this.error, this.data);
    if (state) {
      return html`<h2>Deployments</h2>${state}`;
    }
    return html`<h2>Deployments</h2>
      ${this.data.length === 0 ? html`<p class="empty">No deployments yet (createDeployment in the API).</p>` : html`
      <table aria-label="Deployments">
        <thead><tr><th>Deployment</th><th>Model</th><th>Traffic</th><th>Shadow</th></tr></thead>
        <tbody>${this.data.map(d => html`<tr>
          <td><a href="#/deployments/${encodeURIComponent(d.name)}">${d.name}</a></td>
          <td><a href="#/models/${encodeURIComponent(d.model)}">${d.model}</a></td>
          <td>${trafficSplit(d)}</td><td>${d.shadow ? 'v' + d.shadow.version : ''}</td></tr>`)}</tbody>
      </table>`}`;
  }
}

/** One deployment: its live split, its rollouts with each step's analysis, and the actions the user's roles allow. */
class HoneDeployment extends LitElement {
  static properties = {
    user: {attribute: false},
    name: {attribute: false},
    deployment: {state: true},
    rollouts: {state: true},
    error: {state: true},
    notice: {state: true},
    busy: {state: true},
  };

  static styles = [base, split(), css`
    .reasons { margin: 0; padding-left: 1.1rem; }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0 1rem; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    this.stop?.();
    super.disconnectedCallback();
  }

  async load() {
    try {
      const d = await graphql(`query($n: String!) { deployment(name: $n) { ${DEPLOYMENT} }
          rollouts(deployment: $n) { ${ROLLOUT} } }`, {n: this.name});
      this.deployment = d.deployment;
      this.rollouts = d.rollouts;
      this.follow();
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Follows the rollout in flight, if any: each change arrives over the subscription, and the split with it. */
  follow() {
    const live = this.rollouts.find(r => IN_FLIGHT.includes(r.status));
    if (!live || this.following === live.id) {
      return;
    }
    this.stop?.();
    this.following = live.id;
    this.stop = subscribe(`subscription($id: ID!) { rolloutUpdates(id: $id) { ${ROLLOUT} } }`, {id: live.id}, {
      next: async data => {
        const r = data.rolloutUpdates;
        this.rollouts = this.rollouts.map(x => (x.id === r.id ? r : x));
        this.deployment = (await graphql(`query($n: String!) { deployment(name: $n) { ${DEPLOYMENT} } }`,
          {n: this.name})).deployment;
      },
      error: e => (this.error = e.message),
      complete: () => (this.following = null),
    });
  }

  async act(mutation, id, variables = {}) {
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($id: ID!${variables.reason !== undefined ? ', $reason: String' : ''}) {
          ${mutation}(id: $id${variables.reason !== undefined ? ', reason: $reason' : ''}) { id status } }`,
      {id, ...variables});
      this.notice = `${mutation} sent`;
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  async start(event) {
    event.preventDefault();
    const form = event.target;
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($d: String!, $v: Int!, $sticky: Boolean!) {
          startRollout(deployment: $d, version: $v, sticky: $sticky) { id } }`,
      {d: this.name, v: Number(form.version.value), sticky: form.sticky.checked});
      await this.load();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const state = pageState(this.error, this.deployment);
    if (state) {
      return html`<h2>Deployment ${this.name}</h2>${state}`;
    }
    const d = this.deployment;
    const live = this.rollouts.find(r => IN_FLIGHT.includes(r.status));
    return html`<h2>Deployment ${d.name}</h2>
      <p>Model <a href="#/models/${encodeURIComponent(d.model)}">${d.model}</a>; changed ${when(d.updatedAt)} by
        ${d.updatedBy}${d.shadow ? html`; shadow v${d.shadow.version} gets a copy of every request` : ''}</p>
      <p class="protection">${d.ratePerSecond == null ? 'No limit of its own per caller'
        : `At most ${d.ratePerSecond} requests a second per caller (bursts of ${d.burst})`};
        ${d.labelsOnly ? 'answers with labels only' : 'class probabilities for callers who may read the registry'}</p>
      <div class="traffic" aria-label="Traffic split">${trafficSplit(d)}</div>
      ${this.notice ? html`<p role="status">${this.notice}</p>` : ''}
      ${live ? this.actions(live) : can(this.user, 'DEPLOY') ? this.startForm() : ''}
      <h3>Rollouts</h3>
      ${this.rollouts.length === 0 ? html`<p class="empty">No rollouts yet.</p>`
        : this.rollouts.map(r => this.rollout(r))}
      <hone-drift-monitor .name=${this.name} .user=${this.user}></hone-drift-monitor>`;
  }

  actions(r) {
    const deploy = can(this.user, 'DEPLOY');
    const approve = can(this.user, 'APPROVE') && r.startedBy !== this.user.username;
    return html`<div class="actions" role="group" aria-label="Rollout actions">
      ${deploy && r.status === 'RUNNING' ? html`<button class="pause" ?disabled=${this.busy}
        @click=${() => this.act('pauseRollout', r.id)}>Pause</button>` : ''}
      ${deploy && r.status === 'PAUSED' ? html`<button class="resume" ?disabled=${this.busy}
        @click=${() => this.act('resumeRollout', r.id)}>Resume</button>` : ''}
      ${approve ? html`<button class="promote primary" ?disabled=${this.busy}
        @click=${() => this.act('promoteRollout', r.id)}>Promote v${r.canaryVersion}</button>` : ''}
      ${deploy ? html`<button class="abort danger" ?disabled=${this.busy}
        @click=${() => this.act('abortRollout', r.id, {reason: 'aborted from the console'})}>Abort</button>` : ''}
    </div>`;
  }

  startForm() {
    return html`<form class="row start" aria-label="Start a rollout" @submit=${this.start}>
      <label>Version <input name="version" type="number" min="1" required></label>
      <label><span><input name="sticky" type="checkbox"> sticky per caller</span></label>
      <button type="submit" class="primary" ?disabled=${this.busy}>Start a rollout</button>
      <span class="muted">5, 25, 50, 100% of requests, 5 minutes each</span>
    </form>`;
  }

  rollout(r) {
    return html`<section class="rollout" aria-label="Rollout ${r.id}">
      <p>${badge(r.status)} v${r.canaryVersion} over v${r.stableVersion}, started by ${r.startedBy}
        ${when(r.startedAt)}; step ${r.step} of ${r.plan.length}
        (${r.plan.map(s => s.percent + '%').join(' → ')}), canary at ${number(r.percent, 1)}%</p>
      ${r.reason ? html`<p class="reason">${r.reason}</p>` : ''}
      ${r.analyses.length === 0 ? '' : html`<div class="scroll"><table aria-label="Analyses of rollout ${r.id}">
        <thead><tr><th>Step</th><th>Share</th><th>Verdict</th><th>Requests (canary / stable)</th><th>Errors</th>
          <th>p95 ms</th><th title="Population stability index of the canary's predictions against the stable version's">
          Shift vs stable</th><th title="Against the canary's passport: its predictions, then its most shifted input">
          Shift vs passport</th><th>Accuracy on feedback</th><th>Why</th></tr></thead>
        <tbody>${r.analyses.map(a => html`<tr>
          <td>${a.step}</td><td>${a.percent}%</td>
          <td>${a.passed ? badge('PASSED') : a.conclusive ? badge('FAILED') : badge('WAITING')}</td>
          <td>${a.canaryRequests} / ${a.stableRequests}</td>
          <td>${pct(a.canaryErrorRate)} / ${pct(a.stableErrorRate)}</td>
          <td>${number(a.canaryP95Millis, 1)} / ${number(a.stableP95Millis, 1)}</td>
          <td>${number(a.labelPsi, 3)}</td>
          <td>${a.passportPsi == null ? html`<span class="muted">no passport</span>`
            : html`${number(a.passportPsi, 3)}; ${a.inputPsiColumn} ${number(a.inputPsi, 3)}`}</td>
          <td>${a.canaryAccuracy == null ? html`<span class="muted">${a.canaryFeedback} labelled</span>`
            : html`${pct(a.canaryAccuracy)} / ${pct(a.stableAccuracy)}`}</td>
          <td>${a.reasons.length ? html`<ul class="reasons">${a.reasons.map(x => html`<li>${x}</li>`)}</ul>` : ''}</td>
        </tr>`)}</tbody></table></div>`}
    </section>`;
  }
}

function pct(x) {
  return x == null ? '' : (100 * x).toFixed(1) + '%';
}

/** The stable and canary shares as a bar with their numbers. */
function trafficSplit(d) {
  const canary = d.canary ? d.canaryPercent : 0;
  return html`<div class="split" role="img" aria-label="stable v${d.stable.version} ${100 - canary}%${d.canary
    ? `, canary v${d.canary.version} ${canary}%` : ''}">
      <span class="stable" style="flex: ${100 - canary}">v${d.stable.version} ${number(100 - canary, 1)}%</span>
      ${d.canary ? html`<span class="canary" style="flex: ${canary}">v${d.canary.version} ${number(canary, 1)}%
        ${d.sticky ? '(sticky)' : ''}</span>` : ''}
    </div>`;
}

function split() {
  return css`
    .split { display: flex; min-width: 12rem; max-width: 40rem; border-radius: 4px; overflow: hidden;
      font-size: 0.85rem; margin: 0.3rem 0 0.8rem; }
    .split span { padding: 0.25rem 0.4rem; white-space: nowrap; overflow: hidden; min-width: 0; }
    .split .stable { background: #dafbe1; }
    .split .canary { background: #fff8c5; }
  `;
}

customElements.define('hone-deployments', HoneDeployments);
customElements.define('hone-deployment', HoneDeployment);

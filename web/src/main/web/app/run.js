import {LitElement, html, css} from 'lit';
import {graphql, subscribe} from './api.js';
import {badge, base, can, interval, number, when} from './ui.js';

const FIELDS = `id status ended restartable attempt currentStage modelName createdBy createdAt endedAt cancelRequestedAt
  error study { id } device computeDevice computeNote
  stages { stage status progress detail tries metrics { name value } }`;
// What a run only has once stages are done; fetched at the start and again when the run ends.
const DETAIL = `target task datasetVersion { dataset version } modelVersion { model version approvalStatus
    evaluation { intervalLevel rows metrics { name low high } } }
  testMetrics { name value } gate { passed reasons }
  qualityReport { duplicateRows imbalanceRatio constantColumns leakageColumns issues { code column message severity }
    missingByColumn { key value } classCounts { key value } }`;

/** One run: its stages, live while it runs (a subscription, no polling), and cancel for those allowed. */
class HoneRun extends LitElement {
  static properties = {
    user: {attribute: false},
    runId: {attribute: false},
    run: {state: true},
    error: {state: true},
    live: {state: true},
  };

  static styles = [base, css`
    ol { padding-left: 1.2rem; }
    li { margin: 0.4rem 0; }
    progress { width: 12rem; vertical-align: middle; }
    .detail { color: #57606a; font-size: 0.9rem; }
    .metrics { font-size: 0.85rem; }
    .WARNING { color: #9a6700; }
    .ERROR { color: #a4161a; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    this.stop?.();
    clearInterval(this.clock);
    this.clock = null;
    super.disconnectedCallback();
  }

  async load() {
    this.run = null;
    this.error = null;
    try {
      this.run = await this.fetchRun();
    } catch (e) {
      this.error = e.message;
      return;
    }
    if (!this.run.ended) {
      this.live = true;
      this.changedAt = Date.now();
      // Re-render now and then so "last change" ages even when nothing arrives.
      this.clock ??= setInterval(() => this.requestUpdate(), 5000);
      this.stop = subscribe(`subscription($id: ID!) { runUpdates(id: $id) { ${FIELDS} } }`, {id: this.runId}, {
        next: data => {
          this.run = {...this.run, ...data.runUpdates};
          this.changedAt = Date.now();
        },
        error: e => { this.error = e.message; this.live = false; },
        complete: () => {
          this.live = false;
          this.refreshDetail();
        },
      });
    }
  }

  async fetchRun() {
    return (await graphql(`query($id: ID!) { run(id: $id) { ${FIELDS} ${DETAIL} } }`, {id: this.runId})).run;
  }

  async refreshDetail() {
    try {
      this.run = await this.fetchRun();
    } catch (e) {
      this.error = e.message;
    }
  }

  mayCancel() {
    return can(this.user, 'RUN') && !this.run.ended && !this.run.cancelRequestedAt;
  }

  /** "live" with how long ago the run last changed: a stalled run (a worker down) says so instead of looking busy. */
  liveness() {
    const seconds = Math.round((Date.now() - this.changedAt) / 1000);
    if (seconds >= 60) {
      return html` · <em class="stalled">no change for ${Math.floor(seconds / 60)} min: its worker may be down or
        busy with other runs</em>`;
    }
    return html` · <em>live</em><span class="muted">, last change ${seconds} s ago</span>`;
  }

  mayRestart() {
    return can(this.user, 'RUN') && this.run.restartable;
  }

  async restart() {
    try {
      await graphql('mutation($id: ID!) { restartRun(id: $id) { id } }', {id: this.runId});
      this.stop?.();
      this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  async cancel() {
    try {
      const d = await graphql('mutation($id: ID!) { cancelRun(id: $id) { status ended cancelRequestedAt } }',
        {id: this.runId});
      this.run = {...this.run, ...d.cancelRun};
    } catch (e) {
      this.error = e.message;
    }
  }

  render() {
    if (this.error && !this.run) {
      return html`<p class="error" role="alert">${this.error}</p>`;
    }
    if (!this.run) {
      return html`<p aria-busy="true" class="muted">Loading…</p>`;
    }
    const r = this.run;
    return html`
      <h2>Run ${r.id} <span class="status" data-status=${r.status}>${r.status}</span>
        <span class="attempt muted">attempt ${r.attempt}</span></h2>
      <p>Model ${r.modelName}${r.target ? html`, target <strong>${r.target}</strong>` : ''}${r.task ? ` (${r.task})` : ''}
        from <a href="#/datasets/${encodeURIComponent(r.datasetVersion.dataset)}?version=${r.datasetVersion.version}"
        >${r.datasetVersion.dataset} v${r.datasetVersion.version}</a>; started by ${r.createdBy}, ${when(r.createdAt)}
        ${r.endedAt ? html`; ended ${when(r.endedAt)}` : ''}${this.live ? this.liveness() : ''}</p>
      ${r.computeNote ? html`<p class="compute">Compute (${r.device}): <strong>${r.computeDevice}</strong>,
        ${r.computeNote}</p>` : ''}
      ${r.study ? html`<p><a class="study" href="#/studies/${r.study.id}">Hyperparameter study ${r.study.id}</a></p>` : ''}
      ${r.modelVersion ? html`<p>Registered as <a class="model-version"
        href="#/models/${encodeURIComponent(r.modelVersion.model)}/versions/${r.modelVersion.version}"
        >${r.modelVersion.model} version ${r.modelVersion.version}</a> ${badge(r.modelVersion.approvalStatus)}</p>` : ''}
      ${r.gate ? html`<p class="run-gate">Validation gate: <strong>${r.gate.passed ? 'passed' : 'failed'}</strong>${
        r.gate.reasons.length ? html`: ${r.gate.reasons.join('; ')}` : ''}</p>` : ''}
      ${this.mayCancel() ? html`<button class="cancel danger" @click=${this.cancel}>Cancel run</button>` : ''}
      ${r.cancelRequestedAt && !r.ended ? html`<p class="cancel-requested">Cancel requested ${when(r.cancelRequestedAt)}:
        the run ends as soon as its workflow takes the request (its worker stops within seconds).</p>` : ''}
      ${this.mayRestart() ? html`<button class="restart" @click=${this.restart}>Restart run</button>` : ''}
      ${r.error ? html`<p class="error run-error" role="alert">${r.error}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <h3>Stages</h3>
      ${r.stages.length === 0 ? html`<p class="detail">No stage has started yet.</p>` : html`
        <ol aria-label="Stages">${r.stages.map(s => html`
          <li>${s.stage}: ${s.status}${s.tries > 1 ? html` <span class="tries">(try ${s.tries})</span>` : ''}
            <progress max="1" value=${s.progress} aria-label="${s.stage} progress"></progress>
            <span class="detail">${s.detail ?? ''}</span>
            ${s.metrics.length ? html`<div class="metrics">${s.metrics.map(m => html`${m.name} ${number(m.value)}; `)}</div>` : ''}
          </li>`)}
        </ol>`}
      ${r.testMetrics?.length ? html`<h3>Test metrics</h3>
        <table aria-label="Test metrics" style="max-width:30rem"><tbody>${r.testMetrics.map(m => html`
          <tr><th>${m.name}</th><td>${number(m.value)}</td>
            <td class="interval">${interval(r.modelVersion?.evaluation, m.name)}</td></tr>`)}</tbody></table>` : ''}
      ${this.quality(r.qualityReport)}`;
  }

  quality(q) {
    if (!q) {
      return '';
    }
    const missing = (q.missingByColumn ?? []).filter(e => e.value > 0);
    return html`<h3>Data quality</h3>
      <section aria-label="Data quality report">
        ${q.issues?.length ? html`<ul>${q.issues.map(i => html`
          <li class=${i.severity}><strong>${i.severity}</strong> ${i.code}${i.column ? ` (${i.column})` : ''}: ${i.message}</li>`)}
          </ul>` : html`<p class="muted">No issues found.</p>`}
        <p>${q.duplicateRows} duplicate rows${q.imbalanceRatio != null ? html`; class imbalance ${number(q.imbalanceRatio, 2)}:1`
          : ''}${q.constantColumns?.length ? html`; constant columns: ${q.constantColumns.join(', ')}` : ''}${
          q.leakageColumns?.length ? html`; possible leakage: ${q.leakageColumns.join(', ')}` : ''}</p>
        ${missing.length ? html`<p>Missing values: ${missing.map(e => html`${e.key} ${e.value}; `)}</p>`
          : html`<p class="muted">No missing values.</p>`}
        ${q.classCounts?.length ? html`<p>Classes: ${q.classCounts.map(e => html`${e.key} ${e.value}; `)}</p>` : ''}
      </section>`;
  }
}

customElements.define('hone-run', HoneRun);

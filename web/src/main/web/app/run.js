import {LitElement, html, css} from 'lit';
import {graphql, subscribe} from './api.js';

const FIELDS = 'id status currentStage modelName createdBy error study { id } stages { stage status progress detail }';
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'];

/** One run: its stages, live while it runs (a subscription, no polling), and cancel for those allowed. */
class HoneRun extends LitElement {
  static properties = {
    user: {attribute: false},
    runId: {attribute: false},
    run: {state: true},
    error: {state: true},
    live: {state: true},
  };

  static styles = css`
    .status { font-weight: 600; }
    .error { color: #a4161a; }
    ol { padding-left: 1.2rem; }
    li { margin: 0.4rem 0; }
    progress { width: 12rem; vertical-align: middle; }
    .detail { color: #57606a; font-size: 0.9rem; }
    button { padding: 0.4rem 0.9rem; font-size: 1rem; cursor: pointer; }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    this.stop?.();
    super.disconnectedCallback();
  }

  async load() {
    this.run = null;
    this.error = null;
    try {
      this.run = (await graphql(`query($id: ID!) { run(id: $id) { ${FIELDS} } }`, {id: this.runId})).run;
    } catch (e) {
      this.error = e.message;
      return;
    }
    if (!FINAL.includes(this.run.status)) {
      this.live = true;
      this.stop = subscribe(`subscription($id: ID!) { runUpdates(id: $id) { ${FIELDS} } }`, {id: this.runId}, {
        next: data => (this.run = data.runUpdates),
        error: e => { this.error = e.message; this.live = false; },
        complete: () => (this.live = false),
      });
    }
  }

  mayCancel() {
    return this.user.roles.some(r => r === 'data-scientist' || r === 'admin') && !FINAL.includes(this.run.status);
  }

  async cancel() {
    try {
      await graphql('mutation($id: ID!) { cancelRun(id: $id) { id } }', {id: this.runId});
    } catch (e) {
      this.error = e.message;
    }
  }

  render() {
    if (this.error && !this.run) {
      return html`<p class="error" role="alert">${this.error}</p>`;
    }
    if (!this.run) {
      return html`<p aria-busy="true">Loading…</p>`;
    }
    const r = this.run;
    return html`
      <h2>Run ${r.id} <span class="status" data-status=${r.status}>${r.status}</span></h2>
      <p>Model ${r.modelName}, started by ${r.createdBy}${this.live ? html` · <em>live</em>` : ''}</p>
      ${r.study ? html`<p><a class="study" href="#/studies/${r.study.id}">Hyperparameter study ${r.study.id}</a></p>` : ''}
      ${this.mayCancel() ? html`<button class="cancel" @click=${this.cancel}>Cancel run</button>` : ''}
      ${r.error ? html`<p class="error" role="alert">${r.error}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <h3>Stages</h3>
      ${r.stages.length === 0 ? html`<p class="detail">No stage has started yet.</p>` : html`
        <ol aria-label="Stages">${r.stages.map(s => html`
          <li>${s.stage}: ${s.status}
            <progress max="1" value=${s.progress} aria-label="${s.stage} progress"></progress>
            <span class="detail">${s.detail ?? ''}</span></li>`)}
        </ol>`}`;
  }
}

customElements.define('hone-run', HoneRun);

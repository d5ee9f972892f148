import {LitElement, html, css} from 'lit';
import * as echarts from 'echarts';
import {graphql, subscribe} from './api.js';

const TRIAL = 'number status value parameters worker attempt intermediateValues';

/** A study: its trials (sortable), and the best value so far against trial number, live while it runs. */
class HoneStudy extends LitElement {
  static properties = {
    studyId: {attribute: false},
    study: {state: true},
    trials: {state: true},
    sortKey: {state: true},
    error: {state: true},
  };

  static styles = css`
    .error { color: #a4161a; }
    table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
    th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d7de; }
    th button { font: inherit; font-weight: 600; background: none; border: none; padding: 0; cursor: pointer; }
    .chart { width: 100%; height: 300px; }
    code { font-size: 0.85rem; }
  `;

  constructor() {
    super();
    this.trials = new Map();
    this.sortKey = 'value';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    this.stop?.();
    this.chart?.dispose();
    super.disconnectedCallback();
  }

  async load() {
    try {
      const d = await graphql(`query($id: ID!) { study(id: $id) { id status sampler pruner objective direction
          maxTrials bestTrialNumber bestValue trials { ${TRIAL} } } }`, {id: this.studyId});
      this.study = d.study;
      this.trials = new Map(d.study.trials.map(t => [t.number, t]));
    } catch (e) {
      this.error = e.message;
      return;
    }
    if (this.study.status === 'RUNNING') {
      this.stop = subscribe(`subscription($id: ID!) { trialUpdates(studyId: $id) { ${TRIAL} } }`,
        {id: this.studyId}, {
          next: d => (this.trials = new Map(this.trials).set(d.trialUpdates.number, d.trialUpdates)),
          error: e => (this.error = e.message),
          complete: () => this.refreshStudy(),
        });
    }
  }

  async refreshStudy() {
    const d = await graphql('query($id: ID!) { study(id: $id) { status bestTrialNumber bestValue } }', {id: this.studyId});
    this.study = {...this.study, ...d.study};
  }

  /** Best value so far after each finished trial, in trial order. */
  bestSoFar() {
    const maximize = this.study.direction === 'MAXIMIZE';
    const finished = [...this.trials.values()].filter(t => t.status === 'COMPLETED' && t.value != null)
      .sort((a, b) => a.number - b.number);
    let best = null;
    return finished.map(t => {
      best = best === null ? t.value : (maximize ? Math.max(best, t.value) : Math.min(best, t.value));
      return [t.number, best];
    });
  }

  sorted() {
    const list = [...this.trials.values()];
    const sign = this.study.direction === 'MAXIMIZE' ? -1 : 1;
    const byKey = {
      number: (a, b) => a.number - b.number,
      status: (a, b) => a.status.localeCompare(b.status) || a.number - b.number,
      value: (a, b) => (a.value == null) - (b.value == null) || sign * ((a.value ?? 0) - (b.value ?? 0)),
    };
    return list.sort(byKey[this.sortKey]);
  }

  updated() {
    const box = this.renderRoot.querySelector('.chart');
    if (!box) {
      return;
    }
    this.chart ??= echarts.init(box);
    const points = this.bestSoFar();
    box.dataset.points = String(points.length);
    this.chart.setOption({
      animation: false,
      grid: {left: 60, right: 20, top: 30, bottom: 40},
      title: {text: 'Best ' + this.study.objective + ' so far', textStyle: {fontSize: 13}},
      xAxis: {type: 'value', name: 'trial', minInterval: 1},
      yAxis: {type: 'value', scale: true},
      series: [{type: 'line', step: 'end', data: points, symbolSize: 8}],
    });
  }

  header(key, label) {
    return html`<th><button @click=${() => (this.sortKey = key)} aria-sort=${this.sortKey === key ? 'ascending' : 'none'}>
      ${label}</button></th>`;
  }

  render() {
    if (this.error && !this.study) {
      return html`<p class="error" role="alert">${this.error}</p>`;
    }
    if (!this.study) {
      return html`<p aria-busy="true">Loading…</p>`;
    }
    const s = this.study;
    return html`
      <h2>Study ${s.id} <span class="status">${s.status}</span></h2>
      <p>${s.sampler}, ${s.pruner === 'NONE' ? 'no early stopping' : s.pruner}; ${s.direction.toLowerCase()}
        ${s.objective}; ${this.trials.size} of ${s.maxTrials} trials${s.bestTrialNumber != null
          ? html`; best: trial ${s.bestTrialNumber} (${s.bestValue.toFixed(4)})` : ''}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="chart" role="img" aria-label="Best value so far against trial number"></div>
      <table aria-label="Trials">
        <thead><tr>${this.header('number', 'Trial')}${this.header('status', 'Status')}${this.header('value', 'Value')}
          <th>Epochs</th><th>Parameters</th><th>Worker</th></tr></thead>
        <tbody>${this.sorted().map(t => html`
          <tr><td>${t.number}</td><td>${t.status}</td><td>${t.value == null ? '' : t.value.toFixed(4)}</td>
            <td>${t.intermediateValues.length}</td><td><code>${t.parameters}</code></td>
            <td>${t.worker ?? ''}${t.attempt > 1 ? html` (attempt ${t.attempt})` : ''}</td></tr>`)}
        </tbody>
      </table>`;
  }
}

customElements.define('hone-study', HoneStudy);

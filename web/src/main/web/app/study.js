import {LitElement, html, css} from 'lit';
import {echarts} from './charts.js';
import {graphql, subscribe} from './api.js';
import {badge, base, number} from './ui.js';

const TRIAL = `number status value cost parameters { name number text } worker attempt intermediateValues startedAt endedAt
  settings { maxEpochs }`;

/** A bound for an axis: the value rounded outward to two significant digits. */
function rounded(v, up) {
  if (v === 0) {
    return 0;
  }
  const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Number(((up ? Math.ceil(v / step) : Math.floor(v / step)) * step).toPrecision(2));
}

/** A trial's final value: its objective when completed, its last reported value when pruned. */
function finalValue(t) {
  return t.status === 'COMPLETED' ? t.value
    : t.status === 'PRUNED' && t.intermediateValues.length ? t.intermediateValues.at(-1) : null;
}

/**
 * A study, live while it runs: the best value so far, every trial's learning curve (pruned ones cut
 * short and dashed), the objective against a chosen parameter (a pruned trial at its last value),
 * each parameter's importance, and the trials with one column per parameter.
 */
class HoneStudy extends LitElement {
  static properties = {
    studyId: {attribute: false},
    study: {state: true},
    trials: {state: true},
    sortKey: {state: true},
    parameter: {state: true},
    error: {state: true},
  };

  static styles = [base, css`
    th button { font: inherit; font-weight: 600; background: none; border: none; padding: 0; cursor: pointer; }
    .charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); }
    .chart, .scatter, .curves, .importance, .parallel, .front { width: 100%; height: 300px; }
  `];

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
    for (const chart of [this.chart, this.scatter, this.curves, this.importanceChart, this.parallelChart,
      this.frontChart]) {
      chart?.dispose();
    }
    super.disconnectedCallback();
  }

  async load() {
    try {
      const d = await graphql(`query($id: ID!) { study(id: $id) { id status sampler pruner objective direction
          maxTrials sampleRows cost costTolerance warmStartTrials warmStartedFromStudyId spec { parameters { name type } } bestTrialNumber bestValue choice trials { ${TRIAL} }
          importance { parameter importance } front { number } } }`,
      {id: this.studyId});
      this.study = d.study;
      this.trials = new Map(d.study.trials.map(t => [t.number, t]));
      this.parameter = d.study.spec.parameters[0]?.name;
    } catch (e) {
      this.error = e.message;
      return;
    }
    if (this.study.status === 'RUNNING') {
      this.stop = subscribe(`subscription($id: ID!) { trialUpdates(studyId: $id) { ${TRIAL} } }`,
        {id: this.studyId}, {
          next: d => {
            this.trials = new Map(this.trials).set(d.trialUpdates.number, d.trialUpdates);
            if (d.trialUpdates.status === 'COMPLETED') {
              this.refreshStudy();
            }
          },
          error: e => (this.error = e.message),
          complete: () => this.refreshStudy(),
        });
    }
  }

  async refreshStudy() {
    const d = await graphql(`query($id: ID!) { study(id: $id) { status bestTrialNumber bestValue choice
      importance { parameter importance } front { number } } }`, {id: this.studyId});
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

  /**
   * Each finished trial's value against the chosen parameter's value (absent where a condition left
   * it out): completed trials at their value, pruned ones at their last value.
   */
  byParameter(status) {
    const categorical = this.study.spec.parameters.find(p => p.name === this.parameter)?.type === 'CATEGORICAL';
    return [...this.trials.values()]
      .filter(t => t.status === status && finalValue(t) != null)
      .map(t => {
        const given = t.parameters.find(p => p.name === this.parameter);
        return [given && (categorical ? given.text : given.number), finalValue(t), t.number];
      })
      .filter(([x]) => x !== undefined && x !== null);
  }

  parameterNames() {
    return this.study.spec.parameters.map(p => p.name);
  }

  updated() {
    const box = this.renderRoot.querySelector('.chart');
    if (!box) {
      return;
    }
    this.drawScatter();
    this.drawCurves();
    this.drawImportance();
    this.drawParallel();
    this.drawFront();
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

  drawScatter() {
    const box = this.renderRoot.querySelector('.scatter');
    this.scatter ??= echarts.init(box);
    const completed = this.byParameter('COMPLETED');
    const pruned = this.byParameter('PRUNED');
    const points = [...completed, ...pruned];
    box.dataset.points = String(points.length);
    box.dataset.pruned = String(pruned.length);
    const categorical = points.some(([x]) => typeof x !== 'number');
    const xs = points.map(([x]) => x);
    const log = !categorical && xs.length > 1 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) > 100;
    this.scatter.setOption({
      animation: false,
      grid: {left: 60, right: 20, top: 30, bottom: 40},
      title: {text: this.study.objective + ' by ' + this.parameter, textStyle: {fontSize: 13}},
      tooltip: {formatter: p => `trial ${p.data[2]}${p.seriesIndex ? ' (pruned, last value)' : ''}: `
        + `${this.parameter} ${p.data[0]}, ${number(p.data[1])}`},
      legend: {data: ['completed', 'pruned (last value)'], bottom: 0},
      xAxis: categorical ? {type: 'category', name: this.parameter, data: [...new Set(xs.map(String))].sort()}
        : {type: log ? 'log' : 'value', name: this.parameter, scale: true},
      yAxis: {type: 'value', scale: true},
      series: [completed, pruned].map((data, i) => ({type: 'scatter', name: i ? 'pruned (last value)' : 'completed',
        symbol: i ? 'emptyCircle' : 'circle', symbolSize: 9,
        data: categorical ? data.map(([x, y, n]) => [String(x), y, n]) : data})),
    }, true);
  }

  /** Every trial's objective per epoch: pruned trials dashed, ending where they were stopped. */
  drawCurves() {
    const box = this.renderRoot.querySelector('.curves');
    this.curves ??= echarts.init(box);
    const trials = [...this.trials.values()].filter(t => t.intermediateValues.length)
      .sort((a, b) => a.number - b.number);
    box.dataset.lines = String(trials.length);
    box.dataset.pruned = String(trials.filter(t => t.status === 'PRUNED').length);
    this.curves.setOption({
      animation: false,
      grid: {left: 60, right: 20, top: 30, bottom: 40},
      title: {text: this.study.objective + ' per epoch', textStyle: {fontSize: 13}},
      tooltip: {trigger: 'item', formatter: p => `trial ${p.seriesName}, epoch ${p.data[0]}: ${number(p.data[1])}`},
      xAxis: {type: 'value', name: 'epoch', minInterval: 1},
      yAxis: {type: 'value', scale: true},
      // A trial stopped after its first epoch is one point: drawn as a dot, or it would not show.
      series: trials.map(t => ({type: 'line', name: String(t.number), showSymbol: t.intermediateValues.length === 1,
        lineStyle: {type: t.status === 'PRUNED' ? 'dashed' : 'solid', width: 1.5},
        data: t.intermediateValues.map((v, i) => [i + 1, v])})),
    }, true);
  }

  /** One line per finished trial across every parameter's axis and the objective's (pruned: dashed, last value). */
  drawParallel() {
    const box = this.renderRoot.querySelector('.parallel');
    this.parallelChart ??= echarts.init(box);
    const params = this.study.spec.parameters;
    const trials = [...this.trials.values()].filter(t => finalValue(t) != null).sort((a, b) => a.number - b.number);
    box.dataset.lines = String(trials.length);
    const axes = params.map((p, i) => {
      if (p.type !== 'CATEGORICAL') {
        return {dim: i, name: p.name, type: 'value', scale: true};
      }
      const values = [...new Set(trials.map(t => t.parameters.find(x => x.name === p.name)?.text ?? '–'))].sort();
      return {dim: i, name: p.name, type: 'category', data: values};
    });
    axes.push({dim: params.length, name: this.study.objective, type: 'value', scale: true});
    const row = t => [...params.map(p => {
      const given = t.parameters.find(x => x.name === p.name);
      return p.type === 'CATEGORICAL' ? (given?.text ?? '–') : (given?.number ?? null);
    }), finalValue(t)];
    // Each numeric axis spans every trial's value, completed and pruned alike.
    const rows = trials.map(row);
    for (const axis of axes.filter(a => a.type === 'value')) {
      const values = rows.map(r => r[axis.dim]).filter(v => typeof v === 'number');
      if (values.length) {
        axis.min = rounded(Math.min(...values), false);
        axis.max = rounded(Math.max(...values), true);
      }
    }
    this.parallelChart.setOption({
      animation: false,
      title: {text: 'Parameters and ' + this.study.objective + ' of every finished trial', textStyle: {fontSize: 13}},
      parallel: {left: 40, right: 80, top: 50, bottom: 30},
      parallelAxis: axes,
      series: ['COMPLETED', 'PRUNED'].map(status => ({type: 'parallel', name: status,
        lineStyle: {width: 1.5, type: status === 'PRUNED' ? 'dashed' : 'solid', opacity: 0.7},
        data: trials.filter(t => t.status === status).map(row)})),
    }, true);
  }

  /**
   * Where the study's time went: each worker's busy time and trials, and the epochs pruning spared
   * (each pruned trial's epochs left before its maxEpochs, at its own pace: an upper bound, as
   * early stopping might have ended it sooner).
   */
  timeSummary() {
    const seconds = t => t.endedAt ? (Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000 : null;
    const byWorker = new Map();
    for (const t of this.trials.values()) {
      const s = seconds(t);
      if (s != null) {
        const w = byWorker.get(t.worker ?? 'unknown') ?? {seconds: 0, trials: 0};
        byWorker.set(t.worker ?? 'unknown', {seconds: w.seconds + s, trials: w.trials + 1});
      }
    }
    let spared = 0;
    let epochs = 0;
    for (const t of this.trials.values()) {
      const run = t.intermediateValues.length;
      const s = seconds(t);
      if (t.status === 'PRUNED' && run && s != null && t.settings?.maxEpochs > run) {
        epochs += t.settings.maxEpochs - run;
        spared += (t.settings.maxEpochs - run) * s / run;
      }
    }
    return {workers: [...byWorker.entries()], spared, epochs};
  }

  /** Each parameter's share of the objective (computed by the server once enough trials completed). */
  drawImportance() {
    const box = this.renderRoot.querySelector('.importance');
    this.importanceChart ??= echarts.init(box);
    const bars = [...(this.study.importance ?? [])].reverse();
    box.dataset.bars = String(bars.length);
    this.importanceChart.setOption({
      animation: false,
      grid: {left: 110, right: 30, top: 30, bottom: 30},
      title: {text: bars.length ? 'Parameter importance' : 'Parameter importance (after 4 completed trials)',
        textStyle: {fontSize: 13}},
      tooltip: {formatter: p => `${p.name}: ${(p.value * 100).toFixed(1)} %`},
      xAxis: {type: 'value', max: 1},
      yAxis: {type: 'category', data: bars.map(b => b.parameter)},
      series: [{type: 'bar', data: bars.map(b => b.importance)}],
    }, true);
  }

  /**
   * A study with a cost: every completed trial's objective against its cost, the Pareto front (study.front: no
   * trial on it is beaten on both by another) joined.
   */
  drawFront() {
    const box = this.renderRoot.querySelector('.front');
    if (!box) {
      return;
    }
    const measured = [...this.trials.values()].filter(t => t.status === 'COMPLETED' && t.value != null
      && t.cost != null);
    const front = this.study.front.map(f => this.trials.get(f.number)).filter(t => t?.cost != null);
    box.dataset.points = String(measured.length);
    box.dataset.front = String(front.length);
    const unit = this.study.cost === 'SIZE' ? 'parameters'
      : `µs per row (batch 1${this.study.cost === 'INT8_LATENCY' ? ', in int8' : ''})`;
    this.frontChart ??= echarts.init(box);
    this.frontChart.setOption({
      animation: false,
      grid: {left: 60, right: 20, top: 30, bottom: 60},
      title: {text: `${this.study.objective} against ${this.study.cost.toLowerCase()}`, textStyle: {fontSize: 13}},
      tooltip: {formatter: p => `trial ${p.data[2]}: ${number(p.data[1])}, ${number(p.data[0], 1)} ${unit}`},
      legend: {bottom: 0},
      xAxis: {type: 'value', name: unit, nameLocation: 'middle', nameGap: 25, scale: true},
      yAxis: {type: 'value', scale: true},
      series: [
        {type: 'scatter', name: 'completed trials', symbolSize: 8,
          data: measured.map(t => [t.cost, t.value, t.number])},
        {type: 'line', name: 'Pareto front', symbol: 'diamond', symbolSize: 10,
          data: front.map(t => [t.cost, t.value, t.number])},
      ],
    }, true);
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
    const names = this.parameterNames();
    const time = this.timeSummary();
    return html`
      <h2>Study ${s.id} <span class="status">${s.status}</span></h2>
      <p>${s.sampler}, ${s.pruner === 'NONE' ? 'no early stopping' : s.pruner}; ${s.direction.toLowerCase()}
        ${s.objective}${s.cost ? `, and ${s.cost.toLowerCase()} (the front is drawn below)` : ''};
        ${this.trials.size} of ${s.maxTrials} trials${s.bestTrialNumber == null ? ''
          : s.choice ? html`; trained ${s.choice} (its value: ${s.bestValue.toFixed(4)})`
          : html`; ${s.cost && s.costTolerance ? `trained: trial ${s.bestTrialNumber} (${s.bestValue.toFixed(4)}), the
            cheapest within ${s.costTolerance}% of the best` : `best: trial ${s.bestTrialNumber} (${s.bestValue
            .toFixed(4)})`}`}${s.sampleRows != null
          ? html`; trials trained on a sample of ${s.sampleRows.toLocaleString('en')} training rows (the final model on all)`
          : ''}${s.warmStartedFromStudyId != null ? html`; warm-started: trials 1 to ${s.warmStartTrials} are the best
            of study ${s.warmStartedFromStudyId}` : s.warmStartTrials ? '; asked to warm-start, but the model had no '
            + 'earlier study' : ''}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="charts">
        <div class="chart" role="img" aria-label="Best value so far against trial number"></div>
        <div>
          <label>Parameter <select name="parameter" @change=${e => (this.parameter = e.target.value)}>
            ${this.parameterNames().map(n => html`<option ?selected=${n === this.parameter}>${n}</option>`)}</select></label>
          <div class="scatter" role="img" aria-label="Objective against the chosen parameter"></div>
        </div>
        <div class="curves" role="img" aria-label="Objective per epoch of every trial"></div>
        <div class="importance" role="img" aria-label="Parameter importance"></div>
        <div class="parallel" role="img" aria-label="Parameters and objective of every finished trial"></div>
        ${s.cost ? html`<div class="front" role="img" aria-label="Objective against cost, with the Pareto front"></div>`
          : ''}
      </div>
      <p class="workers" data-workers=${time.workers.length}>Time per worker: ${time.workers.length === 0 ? 'none yet'
        : time.workers.map(([w, v]) => `${w} ${v.seconds.toFixed(1)} s (${v.trials} trials)`).join('; ')}.
        ${time.epochs ? `Pruning spared up to ${time.epochs} epochs, about ${time.spared.toFixed(1)} s.`
          : 'Pruning spared nothing yet.'}</p>
      <div class="scroll"><table aria-label="Trials">
        <thead><tr>${this.header('number', 'Trial')}${this.header('status', 'Status')}${this.header('value', 'Value')}
          ${s.cost ? html`<th>${s.cost === 'SIZE' ? 'Parameters' : 'µs per row'}</th>` : ''}
          <th>Epochs</th>${names.map(n => html`<th>${n}</th>`)}<th>Worker</th></tr></thead>
        <tbody>${this.sorted().map(t => html`
          <tr><td>${t.number}</td><td>${badge(t.status)}</td><td>${t.value == null ? '' : t.value.toFixed(4)}</td>
            ${s.cost ? html`<td>${t.cost == null ? '' : number(t.cost, 1)}</td>` : ''}
            <td>${t.intermediateValues.length}</td>
            ${names.map(n => html`<td>${t.parameters.find(p => p.name === n)?.text ?? '–'}</td>`)}
            <td>${t.worker ?? ''}${t.attempt > 1 ? html` (attempt ${t.attempt})` : ''}</td></tr>`)}
        </tbody>
      </table></div>`;
  }
}

customElements.define('hone-study', HoneStudy);

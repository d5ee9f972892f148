import {LitElement, html, css} from 'lit';
import {echarts} from './charts.js';
import {graphql} from './api.js';
import {runOptions} from './runs.js';
import {PASSPORT_FIELDS, verdict} from './passport.js';
import {badge, base, can, interval, number, pageState, pager, when} from './ui.js';

/** Aliases only approvers may set, and only on APPROVED versions (the server's rule). */
const PROTECTED = ['production', 'champion'];
/** The server's rule for alias names (ModelRegistryService.ALIAS). */
const ALIAS = /^[a-z][a-z0-9_-]{0,63}$/;

/** Registered models, paged, with their aliases. */
class HoneModels extends LitElement {
  static properties = {data: {state: true}, error: {state: true}};

  static styles = base;

  connectedCallback() {
    super.connectedCallback();
    this.load(0);
  }

  async load(page) {
    try {
      this.data = (await graphql(`query($page: Int) { models(page: $page, size: 20) { items { name createdBy createdAt
          versions { version approvalStatus } aliases { alias version } } pageInfo { page size total } } }`, {page})).models;
    } catch (e) {
      this.error = e.message;
    }
  }

  render() {
    const state = pageState(this.error, this.data);
    if (state) {
      return state;
    }
    return html`<h2>Models</h2>
      ${this.data.items.length === 0 ? html`<p class="empty">No models yet: a successful run registers one.</p>` : html`
        <div class="scroll"><table aria-label="Models">
          <thead><tr><th>Model</th><th>Versions</th><th>Latest</th><th>Aliases</th><th>Created</th></tr></thead>
          <tbody>${this.data.items.map(m => {
            const latest = m.versions.reduce((a, v) => (a == null || v.version > a.version ? v : a), null);
            return html`<tr><td><a href="#/models/${encodeURIComponent(m.name)}">${m.name}</a></td><td>${m.versions.length}</td>
              <td>${latest ? html`v${latest.version} ${badge(latest.approvalStatus)}` : ''}</td>
              <td>${m.aliases.map(a => html`<span class="badge">${a.alias} → v${a.version}</span>`)}</td>
              <td>${when(m.createdAt)} by ${m.createdBy}</td></tr>`;
          })}</tbody></table></div>
        ${pager(this.data.pageInfo, p => this.load(p))}`}`;
  }
}

/** One model: every version with its metrics and approval status, and the aliases. */
class HoneModel extends LitElement {
  static properties = {user: {attribute: false}, name: {attribute: false}, model: {state: true}, error: {state: true}};

  static styles = base;

  connectedCallback() {
    super.connectedCallback();
    graphql(`query($name: String!) { model(name: $name) { name description createdBy createdAt
        aliases { alias version updatedBy updatedAt }
        versions { version status approvalStatus createdBy createdAt aliases metrics { name value }
          run { id } datasetVersion { dataset version } } } }`, {name: this.name})
      .then(d => (this.model = d.model))
      .catch(e => (this.error = e.message));
  }

  render() {
    const state = pageState(this.error, this.model);
    if (state) {
      return state;
    }
    const m = this.model;
    const names = [...new Set(m.versions.flatMap(v => v.metrics.map(x => x.name)))].slice(0, 4);
    return html`<h2>Model ${m.name}</h2>
      <p class="muted">${m.description ?? ''} Created by ${m.createdBy}, ${when(m.createdAt)}.</p>
      <h3>Aliases</h3>
      ${m.aliases.length === 0 ? html`<p class="empty">No aliases.</p>` : html`<ul>${m.aliases.map(a => html`
        <li><strong>${a.alias}</strong> → <a href="#/models/${encodeURIComponent(m.name)}/versions/${a.version}">version
          ${a.version}</a> <span class="muted">(${a.updatedBy}, ${when(a.updatedAt)})</span></li>`)}</ul>`}
      <h3>Versions</h3>
      <div class="scroll"><table aria-label="Versions">
        <thead><tr><th>Version</th><th>Approval</th><th>Aliases</th>${names.map(n => html`<th>${n}</th>`)}
          <th>Data</th><th>Run</th><th>Created</th></tr></thead>
        <tbody>${[...m.versions].reverse().map(v => html`<tr>
          <td><a href="#/models/${encodeURIComponent(m.name)}/versions/${v.version}">${v.version}</a>
            ${v.status !== 'READY' ? badge(v.status) : ''}</td>
          <td>${badge(v.approvalStatus)}</td><td>${v.aliases.join(', ')}</td>
          ${names.map(n => html`<td>${number(v.metrics.find(x => x.name === n)?.value)}</td>`)}
          <td>${v.datasetVersion.dataset} v${v.datasetVersion.version}</td><td><a href="#/runs/${v.run.id}">${v.run.id}</a></td>
          <td>${when(v.createdAt)} by ${v.createdBy}</td></tr>`)}
        </tbody></table></div>`;
  }
}

const CANDIDATE = 'name steps kind metric bytes parameters batch1Micros rowsPerSecond withinBudget onFront served';

/** What the page shows of a version; the training settings are the ones trainingOptions publishes. */
const version = async () => `model version status task temperature approvalStatus approvalComment approvedBy approvedAt createdBy
  createdAt ineligibleApprovers
  parameters { inputSize outputSize classifier seed config { ${Object.keys((await runOptions()).training).join(' ')} } }
  aliases tags { key value } metrics { name value } validationMetrics { name value } classLabels
  inputSignature { name type } run { id createdBy } datasetVersion { dataset version } study { id objective bestValue }
  confusionMatrix { labels counts } evaluation { intervalLevel rows metrics { name low high }
  residuals { mean std min p05 p25 median p75 p95 max } } kind
  compression { metric objective accuracyBudget rmseBudget validationRows parentSawValidation chosen reason
    parent { ${CANDIDATE} } candidates { ${CANDIDATE} } }
  ${PASSPORT_FIELDS}`;

/**
 * One model version: metrics, lineage drawn as a graph, aliases, approval (approve / reject with a
 * comment for approvers, the validation gate's verdict beside it), the passport, and a predict form.
 */
class HoneModelVersion extends LitElement {
  static properties = {
    user: {attribute: false},
    model: {attribute: false},
    version: {attribute: false},
    mv: {state: true},
    error: {state: true},
    actionError: {state: true},
    busy: {state: true},
    prediction: {state: true},
    predictError: {state: true},
  };

  static styles = [base, css`
    .lineage { width: 100%; height: 110px; }
    .cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); }
    textarea { width: 100%; min-height: 3.5rem; }
    .bar { display: inline-block; height: 0.7rem; background: #1f6feb; vertical-align: middle; margin-right: 0.4rem; }
    .cm td { text-align: right; }
    .compression-chart { width: 100%; height: 300px; }
    .compression td { text-align: right; }
    .compression td:first-child { text-align: left; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    this.chart?.dispose();
    this.compressionChart?.dispose();
    super.disconnectedCallback();
  }

  async load() {
    try {
      this.mv = (await graphql(`query($model: String!, $version: Int) { modelVersion(model: $model, version: $version) {
          ${await version()} } }`, {model: this.model, version: this.version})).modelVersion;
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Data set version -> run -> study -> model version, each node linking to its page. */
  lineage() {
    const v = this.mv;
    const nodes = [
      {name: `data set ${v.datasetVersion.dataset} v${v.datasetVersion.version}`,
        href: `#/datasets/${encodeURIComponent(v.datasetVersion.dataset)}?version=${v.datasetVersion.version}`},
      {name: `run ${v.run.id}`, href: `#/runs/${v.run.id}`},
      ...(v.study ? [{name: `study ${v.study.id}`, href: `#/studies/${v.study.id}`}] : []),
      {name: `${v.model} v${v.version}`, href: null},
    ];
    return nodes;
  }

  updated() {
    const box = this.renderRoot.querySelector('.lineage');
    if (!box) {
      return;
    }
    const nodes = this.lineage();
    this.chart ??= echarts.init(box);
    this.chart.setOption({
      animation: false,
      series: [{
        type: 'graph', layout: 'none', symbol: 'circle', symbolSize: 18, edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 12, label: {show: true, position: 'bottom', fontSize: 12, color: '#1b1f24'},
        itemStyle: {color: '#1f6feb'}, lineStyle: {color: '#57606a', width: 2},
        data: nodes.map((n, i) => ({name: n.name, x: i * 200, y: 0, href: n.href,
          itemStyle: n.href ? undefined : {color: '#8250df'}})),
        links: nodes.slice(1).map((n, i) => ({source: nodes[i].name, target: n.name})),
      }],
    });
    box.dataset.nodes = String(nodes.length);
    this.chart.off('click');
    this.chart.on('click', p => p.data?.href && (location.hash = p.data.href));
    this.drawCompression();
  }

  async decide(approve) {
    const comment = this.renderRoot.querySelector('textarea[name=comment]').value.trim();
    this.actionError = null;
    if (!approve && !comment) {
      this.actionError = 'A rejection needs a comment saying why';
      return;
    }
    this.busy = true;
    try {
      const name = approve ? 'approveModelVersion' : 'rejectModelVersion';
      const d = await graphql(`mutation($model: String!, $version: Int!, $comment: String${approve ? '' : '!'}) {
          ${name}(model: $model, version: $version, comment: $comment) { ${await version()} } }`,
      {model: this.model, version: this.version, comment: comment || null});
      this.mv = d[name];
    } catch (e) {
      this.actionError = e.message;
    } finally {
      this.busy = false;
    }
  }

  async setAlias(event) {
    event.preventDefault();
    const form = event.target; // read now: after an await the event no longer has its target
    const alias = form.alias.value.trim();
    this.actionError = null;
    if (!ALIAS.test(alias)) {
      this.actionError = `Invalid alias '${alias}': use 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter`;
      return;
    }
    if (PROTECTED.includes(alias) && !can(this.user, 'APPROVE')) {
      this.actionError = `'${alias}' is a protected alias: only approvers may set it`;
      return;
    }
    if (PROTECTED.includes(alias) && this.mv.approvalStatus !== 'APPROVED') {
      this.actionError = `'${alias}' may only point at an APPROVED version; this one is ${this.mv.approvalStatus}`;
      return;
    }
    try {
      await graphql('mutation($m: String!, $a: String!, $v: Int!) { setAlias(model: $m, alias: $a, version: $v) { alias } }',
        {m: this.model, a: alias, v: this.version});
      form.reset();
      await this.load();
    } catch (e) {
      this.actionError = e.message;
    }
  }

  async predict(event) {
    event.preventDefault();
    const form = event.target;
    const row = this.mv.inputSignature.map(c => ({column: c.name, value: form.elements[c.name].value.trim() || null}));
    this.predictError = null;
    this.prediction = null;
    try {
      this.prediction = (await graphql(`query($m: String!, $v: Int, $rows: [[CellInput!]!]!) {
          predict(model: $m, version: $v, rows: $rows) { version label value probabilities { label probability } imputed } }`,
      {m: this.model, v: this.version, rows: [row]})).predict[0];
    } catch (e) {
      this.predictError = e.message;
    }
  }

  approval() {
    const v = this.mv;
    const pending = v.approvalStatus === 'PENDING';
    // Four eyes: whoever started the run, or restarted it, may not decide (the server's rule).
    const excluded = v.ineligibleApprovers.includes(this.user.username);
    const mayDecide = can(this.user, 'APPROVE') && pending && !excluded;
    return html`<section aria-label="Approval">
      <h3>Approval</h3>
      <p>${badge(v.approvalStatus)} ${v.approvedBy ? html`by ${v.approvedBy}, ${when(v.approvedAt)}` : ''}
        ${v.approvalComment ? html`: “${v.approvalComment}”` : ''}</p>
      ${pending ? html`<p class="muted ineligible">May not approve or reject (started its run):
        ${v.ineligibleApprovers.join(', ')}</p>` : ''}
      ${verdict(v.passport)}
      ${pending && excluded && can(this.user, 'APPROVE') ? html`<p class="four-eyes">You started the run behind
        this version; Hone needs somebody else to decide (four eyes).</p>` : ''}
      ${mayDecide ? html`
        <label>Comment <textarea name="comment" placeholder="Why (required to reject)"></textarea></label>
        <div class="row">
          <button class="primary approve" ?disabled=${this.busy} @click=${() => this.decide(true)}>Approve</button>
          <button class="danger reject" ?disabled=${this.busy} @click=${() => this.decide(false)}>Reject</button>
        </div>` : ''}
    </section>`;
  }

  render() {
    const state = pageState(this.error, this.mv);
    if (state) {
      return state;
    }
    const v = this.mv;
    return html`
      <h2><a href="#/models/${encodeURIComponent(v.model)}">${v.model}</a> version ${v.version}
        <span class="status">${v.status}</span></h2>
      <p class="muted">${v.task}, ${v.kind}, created by ${v.createdBy}, ${when(v.createdAt)}${v.temperature != null
        ? html`; probabilities served at temperature <span class="temperature">${number(v.temperature, 3)}</span>` : ''}</p>
      <h3>Lineage</h3>
      <div class="lineage" role="img" aria-label="Lineage: ${this.lineage().map(n => n.name).join(' to ')}"></div>
      <p>${this.lineage().map((n, i) => html`${i ? ' → ' : ''}${n.href ? html`<a href=${n.href}>${n.name}</a>` : n.name}`)}</p>
      ${this.approval()}
      ${this.actionError ? html`<p class="error action-error" role="alert">${this.actionError}</p>` : ''}
      <div class="cards">
        <section aria-label="Metrics"><h3>Metrics</h3>
          <table aria-label="Test metrics"><thead><tr><th>Test metric</th><th>Value</th><th>Confidence interval</th></tr></thead>
            <tbody>${v.metrics.map(m => html`<tr><td>${m.name}</td><td>${number(m.value)}</td>
              <td class="interval">${interval(v.evaluation, m.name)}</td></tr>`)}</tbody></table>
          ${v.validationMetrics.length ? html`<table aria-label="Validation metrics">
            <thead><tr><th>Validation metric</th><th>Value</th></tr></thead>
            <tbody>${v.validationMetrics.map(m => html`<tr><td>${m.name}</td><td>${number(m.value)}</td></tr>`)}</tbody>
          </table>` : ''}
          ${v.confusionMatrix ? this.confusion(v.confusionMatrix) : ''}
          ${v.evaluation?.residuals ? this.residuals(v.evaluation.residuals) : ''}
        </section>
        ${v.compression ? this.compression(v.compression) : ''}
        <section aria-label="Aliases and tags"><h3>Aliases</h3>
          <p>${v.aliases.length ? v.aliases.map(a => html`<span class="badge">${a}</span>`) : html`<span class="muted">none</span>`}</p>
          ${can(this.user, 'SET_ALIAS') ? html`<form class="row" @submit=${this.setAlias} aria-label="Set an alias">
            <label>Alias <input name="alias" list="aliases" placeholder="staging"></label>
            <datalist id="aliases"><option>staging</option>${can(this.user, 'APPROVE')
              ? PROTECTED.map(a => html`<option>${a}</option>`) : ''}</datalist>
            <button type="submit">Point it here</button></form>` : ''}
          <h3>Tags</h3>
          <p>${v.tags.length ? v.tags.map(t => html`<span class="badge">${t.key}=${t.value}</span>`) : html`<span class="muted">none</span>`}</p>
          <h3>Parameters</h3><p><code>${this.parameters(v.parameters)}</code></p>
        </section>
      </div>
      <hone-passport .passport=${v.passport}></hone-passport>
      ${!can(this.user, 'PREDICT') ? '' : v.approvalStatus === 'REJECTED' || v.status !== 'READY'
        ? html`<section aria-label="Predict"><h3>Predict</h3><p class="muted">This version is
          ${v.approvalStatus === 'REJECTED' ? 'REJECTED' : v.status}: Hone serves only READY versions that were not
          rejected.</p></section>`
        : this.predictForm()}`;
  }

  /** The descriptor as one line: layer sizes, then every training setting it used. */
  parameters(p) {
    const c = p.config;
    return `${[p.inputSize, ...c.hiddenLayers, p.outputSize].join(' → ')} (${p.classifier ? 'classifier' : 'regression'}); `
      + Object.entries(c).filter(([k]) => k !== 'hiddenLayers').map(([k, v]) => `${k} ${v}`).join(', ')
      + `; seed ${p.seed}`;
  }

  /** A regressor's test errors: bias, spread and quantiles of true - predicted. */
  residuals(r) {
    const rows = [['mean (bias)', r.mean], ['standard deviation', r.std], ['minimum', r.min], ['5th percentile', r.p05],
      ['25th percentile', r.p25], ['median', r.median], ['75th percentile', r.p75], ['95th percentile', r.p95],
      ['maximum', r.max]];
    return html`<table aria-label="Residuals"><thead><tr><th>Residual (true − predicted)</th><th>Value</th></tr></thead>
      <tbody>${rows.map(([name, value]) => html`<tr><td>${name}</td><td>${number(value)}</td></tr>`)}</tbody></table>`;
  }

  /** What compression tried: accuracy (or RMSE) against batch-1 latency, the front joined, and every candidate. */
  compression(c) {
    const models = [c.parent, ...c.candidates];
    const budget = c.metric === 'accuracy' ? `at most ${c.accuracyBudget} accuracy points below the uncompressed model`
      : `RMSE at most ${c.rmseBudget}% above the uncompressed model's`;
    return html`<section aria-label="Compression"><h3>Compression</h3>
      <p>${c.reason}</p>
      <p class="muted">Objective ${c.objective}; budget ${budget}; measured on ${c.validationRows} validation rows
        ${c.parentSawValidation ? '(which the uncompressed model also trained on: its metric there is optimistic)' : ''}.</p>
      <div class="compression-chart" role="img" aria-label="Validation ${c.metric} against latency of each model"></div>
      <div class="scroll"><table class="compression" aria-label="Compression candidates"><thead><tr><th>Model</th><th>Kind</th>
        <th>${c.metric}</th><th>KB</th><th>µs per row</th><th>rows/s (64)</th><th>In budget</th><th>Front</th></tr></thead>
        <tbody>${models.map(m => html`<tr class=${m.served ? 'served' : ''}>
          <td>${m.served ? html`<strong>${m.name}</strong> (served)` : m.name}</td><td>${m.kind}</td>
          <td>${number(m.metric)}</td><td>${number(m.bytes / 1024, 1)}</td><td>${number(m.batch1Micros, 1)}</td>
          <td>${Math.round(m.rowsPerSecond)}</td><td>${m.withinBudget ? 'yes' : 'no'}</td><td>${m.onFront ? 'yes' : ''}</td>
        </tr>`)}</tbody></table></div>
    </section>`;
  }

  drawCompression() {
    const box = this.renderRoot.querySelector('.compression-chart');
    const c = this.mv.compression;
    if (!box || !c) {
      return;
    }
    const models = [c.parent, ...c.candidates];
    const point = m => ({value: [m.batch1Micros, m.metric], name: m.name});
    const front = models.filter(m => m.onFront).sort((a, b) => a.batch1Micros - b.batch1Micros);
    box.dataset.points = String(models.length);
    box.dataset.front = String(front.length);
    this.compressionChart ??= echarts.init(box);
    this.compressionChart.setOption({
      animation: false,
      grid: {left: 60, right: 20, top: 20, bottom: 60},
      tooltip: {formatter: p => `${p.data.name}: ${c.metric} ${number(p.data.value[1])}, `
        + `${number(p.data.value[0], 1)} µs per row`},
      legend: {bottom: 0},
      xAxis: {type: 'log', name: 'µs per row (batch 1)', nameLocation: 'middle', nameGap: 25},
      yAxis: {type: 'value', name: c.metric, scale: true},
      series: [
        {type: 'scatter', name: 'inside the budget', symbolSize: 9,
          data: models.filter(m => m.withinBudget && !m.served).map(point)},
        {type: 'scatter', name: 'outside the budget', symbol: 'emptyCircle', symbolSize: 9,
          data: models.filter(m => !m.withinBudget && !m.served).map(point)},
        {type: 'scatter', name: 'served', symbol: 'diamond', symbolSize: 14, data: models.filter(m => m.served).map(point)},
        {type: 'line', name: 'Pareto front', step: false, symbol: 'none', lineStyle: {type: 'dashed'},
          data: front.map(m => [m.batch1Micros, m.metric])},
      ],
    }, true);
  }

  confusion(cm) {
    return html`<table class="cm" aria-label="Confusion matrix"><caption class="muted">Confusion matrix (rows: true, columns: predicted)</caption>
      <thead><tr><th></th>${cm.labels.map(l => html`<th>${l}</th>`)}</tr></thead>
      <tbody>${cm.counts.map((row, i) => html`<tr><th>${cm.labels[i]}</th>${row.map(c => html`<td>${c}</td>`)}</tr>`)}</tbody>
    </table>`;
  }

  predictForm() {
    const p = this.prediction;
    return html`<section aria-label="Predict"><h3>Predict</h3>
      <form @submit=${this.predict} aria-label="Predict">
        <div class="grid">${this.mv.inputSignature.map(c => html`
          <label>${c.name} <span class="muted">(${c.type.toLowerCase()})</span><input name=${c.name}
            placeholder="blank: imputed"></label>`)}</div>
        <p><button type="submit" class="primary">Predict</button></p>
      </form>
      ${this.predictError ? html`<p class="error" role="alert">${this.predictError}</p>` : ''}
      ${p ? html`<div class="prediction" role="status">
        ${p.label != null ? html`<p>Prediction: <strong class="label">${p.label}</strong></p>`
          : html`<p>Prediction: <strong class="value">${number(p.value)}</strong></p>`}
        <p class="muted">By version <span class="used-version">${p.version}</span>.
          ${p.imputed.length ? html`Imputed as in training (no value given):
            <span class="imputed">${p.imputed.join(', ')}</span>.` : 'No value was imputed.'}</p>
        ${p.probabilities.length ? html`<ul>${p.probabilities.map(x => html`<li>
          <span class="bar" style="width:${Math.round(x.probability * 120)}px"></span>${x.label} ${number(x.probability, 3)}</li>`)}
        </ul>` : ''}</div>` : ''}
    </section>`;
  }
}

customElements.define('hone-models', HoneModels);
customElements.define('hone-model', HoneModel);
customElements.define('hone-model-version', HoneModelVersion);

import {LitElement, html, css} from 'lit';
import {echarts} from './charts.js';
import {graphql, uploadDataset} from './api.js';
import {base, can, number, pageState, pager, when} from './ui.js';

/** The server's rule for data set and model names (Dataset.NAME_PATTERN). */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Data sets, paged, and (for those allowed) the upload of a new one or a new version. */
class HoneDatasets extends LitElement {
  static properties = {
    user: {attribute: false},
    data: {state: true},
    error: {state: true},
    progress: {state: true},
    uploadError: {state: true},
    nameError: {state: true},
  };

  static styles = [base, css`
    form { max-width: 40rem; }
    progress { width: 100%; height: 1rem; }
  `];

  constructor() {
    super();
    this.progress = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load(0);
  }

  async load(page) {
    try {
      this.data = (await graphql(`query($page: Int) { datasets(page: $page, size: 20) {
          items { name createdBy latestVersion { version rowCount columnCount sizeBytes createdAt } }
          pageInfo { page size total } } }`, {page})).datasets;
    } catch (e) {
      this.error = e.message;
    }
  }

  checkName(name) {
    this.nameError = name === '' || NAME.test(name) ? null
      : 'Use 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit';
    return !this.nameError;
  }

  /** A file name without its extension, made into a valid data set name. */
  suggestName(event) {
    const input = this.renderRoot.querySelector('input[name=name]');
    const file = event.target.files[0];
    if (file && !input.value) {
      input.value = file.name.replace(/(\.csv\.gz|\.[^.]*)$/i, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 100);
      this.checkName(input.value);
    }
  }

  async upload(event) {
    event.preventDefault();
    const form = event.target;
    const name = form.name.value.trim();
    const file = form.file.files[0];
    this.uploadError = null;
    if (!this.checkName(name) || !name) {
      this.nameError ??= 'A name is required';
      return;
    }
    if (!file) {
      this.uploadError = 'Choose a data file (CSV, gzip-compressed CSV or Parquet)';
      return;
    }
    if (file.size === 0) {
      this.uploadError = `${file.name} is empty`;
      return;
    }
    this.progress = 0;
    try {
      const v = await uploadDataset(name, file, p => (this.progress = p));
      location.hash = `#/datasets/${encodeURIComponent(v.name)}?version=${v.version}`;
    } catch (e) {
      this.uploadError = e.message;
    } finally {
      this.progress = null;
    }
  }

  render() {
    const state = pageState(this.error, this.data);
    if (state) {
      return state;
    }
    return html`
      <h2>Data sets</h2>
      ${can(this.user, 'UPLOAD_DATA') ? html`
        <form @submit=${this.upload} aria-label="Upload a data set" novalidate>
          <fieldset>
            <legend>Upload a data file</legend>
            <div class="grid">
              <label>File <input type="file" name="file" accept=".csv,.csv.gz,.gz,.parquet,text/csv,application/gzip" @change=${this.suggestName}></label>
              <label>Data set name <input name="name" @input=${e => this.checkName(e.target.value.trim())}
                aria-invalid=${this.nameError ? 'true' : 'false'}></label>
            </div>
            ${this.nameError ? html`<p class="invalid" role="alert">${this.nameError}</p>` : ''}
            <p class="muted">An existing name gets a new version; identical content is stored once.</p>
            ${this.progress != null ? html`<progress max="1" value=${this.progress} aria-label="Upload progress"></progress>` : ''}
            <button type="submit" class="primary" ?disabled=${this.progress != null}>Upload</button>
            ${this.uploadError ? html`<p class="error" role="alert">${this.uploadError}</p>` : ''}
          </fieldset>
        </form>` : ''}
      ${this.data.items.length === 0 ? html`<p class="empty">No data sets yet.</p>` : html`<div class="scroll">
        <table aria-label="Data sets">
          <thead><tr><th>Name</th><th>Latest version</th><th>Rows</th><th>Columns</th><th>Size</th><th>Uploaded</th>
            <th>By</th></tr></thead>
          <tbody>${this.data.items.map(d => html`<tr>
            <td><a href="#/datasets/${encodeURIComponent(d.name)}">${d.name}</a></td>
            <td>${d.latestVersion?.version ?? ''}</td><td>${d.latestVersion?.rowCount ?? ''}</td>
            <td>${d.latestVersion?.columnCount ?? ''}</td><td>${bytes(d.latestVersion?.sizeBytes)}</td>
            <td>${when(d.latestVersion?.createdAt)}</td><td>${d.createdBy}</td></tr>`)}
          </tbody>
        </table></div>
        ${pager(this.data.pageInfo, p => this.load(p))}`}`;
  }
}

function bytes(n) {
  if (n == null) {
    return '';
  }
  return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB' : (n / 1048576).toFixed(1) + ' MiB';
}

/** One data set: its versions, and the chosen version's profile with a small chart per column. */
class HoneDataset extends LitElement {
  static properties = {
    user: {attribute: false},
    name: {attribute: false},
    version: {attribute: false},
    dataset: {state: true},
    error: {state: true},
  };

  static styles = [base, css`
    .columns { display: grid; gap: 0.8rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
    .column { border: 1px solid #d0d7de; border-radius: 4px; padding: 0.5rem 0.7rem; }
    .column h4 { margin: 0 0 0.2rem; font-size: 0.95rem; word-break: break-all; }
    .column .chart { width: 100%; height: 130px; }
    .stats { font-size: 0.82rem; color: #57606a; margin: 0.2rem 0; }
    .missing { font-weight: 600; }
    .missing.some { color: #a4161a; }
  `];

  constructor() {
    super();
    this.charts = [];
  }

  connectedCallback() {
    super.connectedCallback();
    graphql(`query($name: String!) { dataset(name: $name) { name createdBy createdAt versions {
        version rowCount columnCount sizeBytes sha256 createdAt createdBy
        profile { rowCount columns { name type missing distinct min max mean std histogram approximate topValues { value count } } }
      } } }`, {name: this.name})
      .then(d => (this.dataset = d.dataset))
      .catch(e => (this.error = e.message));
  }

  disconnectedCallback() {
    this.charts.forEach(c => c.dispose());
    super.disconnectedCallback();
  }

  selected() {
    const versions = this.dataset.versions;
    return versions.find(v => String(v.version) === String(this.version)) ?? versions[versions.length - 1];
  }

  updated() {
    this.charts.forEach(c => c.dispose());
    this.charts = [];
    if (!this.dataset) {
      return;
    }
    const columns = this.selected().profile.columns;
    this.renderRoot.querySelectorAll('.chart').forEach((box, i) => {
      const chart = echarts.init(box);
      chart.setOption(columnChart(columns[i]));
      this.charts.push(chart);
    });
  }

  render() {
    const state = pageState(this.error, this.dataset);
    if (state) {
      return state;
    }
    const d = this.dataset;
    const v = this.selected();
    return html`
      <h2>Data set ${d.name}</h2>
      <p class="muted">Created by ${d.createdBy}, ${when(d.createdAt)}.
        ${can(this.user, 'RUN') ? html`<a href="#/runs/new?dataset=${encodeURIComponent(d.name)}">Start a run on it</a>` : ''}</p>
      <h3>Versions</h3>
      <div class="scroll"><table aria-label="Versions">
        <thead><tr><th>Version</th><th>Rows</th><th>Columns</th><th>Size</th><th>SHA-256</th><th>Uploaded</th><th>By</th></tr></thead>
        <tbody>${[...d.versions].reverse().map(x => html`<tr aria-current=${x === v ? 'true' : 'false'}>
          <td>${x === v ? html`<strong>${x.version}</strong>`
            : html`<a href="#/datasets/${encodeURIComponent(d.name)}?version=${x.version}">${x.version}</a>`}</td>
          <td>${x.rowCount}</td><td>${x.columnCount}</td><td>${bytes(x.sizeBytes)}</td>
          <td><code title=${x.sha256}>${x.sha256.slice(0, 12)}</code></td><td>${when(x.createdAt)}</td><td>${x.createdBy}</td>
        </tr>`)}</tbody>
      </table></div>
      <h3>Profile of version ${v.version} (${v.profile.rowCount} rows)</h3>
      <div class="columns" aria-label="Column profiles">${v.profile.columns.map(c => html`
        <section class="column" aria-label="Column ${c.name}">
          <h4>${c.name} <span class="badge">${c.type}</span></h4>
          <p class="stats"><span class="missing ${c.missing > 0 ? 'some' : ''}">${c.missing} missing</span>,
            ${c.approximate ? html`<span title="Estimated: this column has too many distinct values to count exactly; its distinct count, frequent values and histogram come from sketches">about ${c.distinct}</span>` : c.distinct} distinct${c.type === 'NUMERIC' ? html`; ${number(c.min)} to ${number(c.max)},
            mean ${number(c.mean)}, sd ${number(c.std)}` : ''}</p>
          <div class="chart" role="img" data-kind=${c.histogram?.length ? 'histogram' : 'top-values'}
            aria-label=${c.histogram?.length ? `Histogram of ${c.name}` : `Most frequent values of ${c.name}`}></div>
        </section>`)}
      </div>`;
  }
}

/** A histogram for numeric columns, else the most frequent values. */
function columnChart(c) {
  const common = {animation: false, grid: {left: 40, right: 8, top: 8, bottom: 22},
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}}, yAxis: {type: 'value', minInterval: 1}};
  if (c.histogram?.length) {
    const width = c.histogram.length > 1 ? (c.max - c.min) / c.histogram.length : 0;
    const labels = c.histogram.map((_, i) => number(c.min + i * width, 3) + '–' + number(c.min + (i + 1) * width, 3));
    return {...common, xAxis: {type: 'category', data: labels, axisLabel: {show: false}},
      series: [{type: 'bar', data: c.histogram, barCategoryGap: '5%', itemStyle: {color: '#1f6feb'}}]};
  }
  return {...common, xAxis: {type: 'category', data: c.topValues.map(t => t.value),
    axisLabel: {fontSize: 10, interval: 0, overflow: 'truncate', width: 50}},
  series: [{type: 'bar', data: c.topValues.map(t => t.count), itemStyle: {color: '#8250df'}}]};
}

customElements.define('hone-datasets', HoneDatasets);
customElements.define('hone-dataset', HoneDataset);

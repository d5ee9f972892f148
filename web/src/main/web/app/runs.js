import {LitElement, html, css} from 'lit';
import {graphql} from './api.js';
import {NAME} from './datasets.js';
import {badge, base, can, pageState, pager, when} from './ui.js';

/** Runs, newest first, filtered by status and data set; the filters live in the page's URL. */
class HoneRuns extends LitElement {
  static properties = {
    user: {attribute: false},
    status: {attribute: false},
    dataset: {attribute: false},
    page: {attribute: false},
    data: {state: true},
    datasets: {state: true},
    statuses: {state: true},
    error: {state: true},
  };

  static styles = base;

  connectedCallback() {
    super.connectedCallback();
    // The statuses a run can have come from the server (runStatuses), not from a copy here.
    graphql('{ datasets(size: 100) { items { name } } runStatuses { name description } }').then(d => {
      this.datasets = d.datasets.items.map(x => x.name);
      this.statuses = d.runStatuses;
    }).catch(e => (this.error = e.message));
  }

  willUpdate(changed) {
    if (changed.has('status') || changed.has('dataset') || changed.has('page')) {
      this.load();
    }
  }

  async load() {
    this.error = null;
    try {
      this.data = (await graphql(`query($status: RunStatus, $dataset: String, $page: Int) {
          runs(status: $status, dataset: $dataset, page: $page, size: 20) {
            items { id status currentStage modelName target createdBy createdAt endedAt datasetVersion { dataset version } }
            pageInfo { page size total } } }`,
      {status: this.status || null, dataset: this.dataset || null, page: this.page})).runs;
    } catch (e) {
      this.error = e.message;
    }
  }

  go(changes) {
    const params = new URLSearchParams({status: this.status, dataset: this.dataset, page: 0, ...changes});
    [...params.keys()].filter(k => !params.get(k) || params.get(k) === '0').forEach(k => params.delete(k));
    location.hash = '#/runs' + (params.size ? '?' + params : '');
  }

  render() {
    return html`
      <h2>Runs</h2>
      ${can(this.user, 'RUN') ? html`<p><a class="button primary" href="#/runs/new">Start a run</a></p>` : ''}
      <div class="row" role="search" aria-label="Filter runs">
        <label>Status <select name="status" @change=${e => this.go({status: e.target.value})}>
          <option value="" ?selected=${!this.status}>any</option>
          ${(this.statuses ?? (this.status ? [{name: this.status}] : [])).map(s => html`
            <option title=${s.description ?? ''} ?selected=${s.name === this.status}>${s.name}</option>`)}
        </select></label>
        <label>Data set <select name="dataset" @change=${e => this.go({dataset: e.target.value})}>
          <option value="" ?selected=${!this.dataset}>any</option>
          ${(this.datasets ?? (this.dataset ? [this.dataset] : [])).map(d => html`
            <option ?selected=${d === this.dataset}>${d}</option>`)}
        </select></label>
      </div>
      ${pageState(this.error, this.data) ?? this.table()}`;
  }

  table() {
    if (this.data.items.length === 0) {
      return html`<p class="empty">No runs${this.status || this.dataset ? ' match these filters' : ' yet'}.</p>`;
    }
    return html`<div class="scroll"><table aria-label="Runs">
        <thead><tr><th>Run</th><th>Status</th><th>Stage</th><th>Data set</th><th>Target</th><th>Model</th>
          <th>Started by</th><th>Created</th></tr></thead>
        <tbody>${this.data.items.map(r => html`<tr>
          <td><a href="#/runs/${r.id}">${r.id}</a></td><td>${badge(r.status)}</td><td>${r.currentStage ?? ''}</td>
          <td>${r.datasetVersion.dataset} v${r.datasetVersion.version}</td><td>${r.target}</td><td>${r.modelName}</td>
          <td>${r.createdBy}</td><td>${when(r.createdAt)}</td></tr>`)}
        </tbody></table></div>
      ${pager(this.data.pageInfo, p => this.go({page: p}))}`;
  }
}

// --- The start-run form -------------------------------------------------------------------------
// Choices, defaults and bounds come from the server (trainingOptions, searchSpaceOptions: the runs
// module's RunOptions with the configured limits), so the form never keeps its own copy. The checks
// below apply them before sending, so that mistakes show next to their field; the server checks
// everything again.

const SETTING = 'name kind description defaultNumber defaultList defaultChoice min minExclusive max maxExclusive '
  + 'maxItems choices { name description }';
const OPTIONS = `{ trainingOptions { run { ${SETTING} } training { ${SETTING} } compression { ${SETTING} } }
  searchSpaceOptions { study { ${SETTING} } objectives { name task direction description }
    parameters { name type categoricalAllowed choices { name description } min minExclusive max maxExclusive
      description } } }`;

let options = null;

/** A setting's name as a form label: learningRate is "Learning rate". */
function label(name) {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The options of a run request, by name, fetched once per page load (again after a failure). */
export function runOptions() {
  options ??= graphql(OPTIONS).then(d => {
    const byName = list => Object.fromEntries(list.map(s => [s.name, s]));
    return {run: byName(d.trainingOptions.run), training: byName(d.trainingOptions.training),
      compression: byName(d.trainingOptions.compression),
      study: byName(d.searchSpaceOptions.study), objectives: d.searchSpaceOptions.objectives,
      parameters: byName(d.searchSpaceOptions.parameters)};
  }).catch(e => {
    options = null;
    throw e;
  });
  return options;
}

function choiceNames(setting) {
  return setting.choices.map(c => c.name);
}

/** The objectives a study of that task may optimise. */
function objectives(o, classification) {
  const task = classification ? 'CLASSIFICATION' : 'REGRESSION';
  return o.objectives.filter(x => x.task == null || x.task === task);
}

function numberOrNull(value) {
  return value === '' || value == null ? null : Number(value);
}

function isInt(value) {
  return Number.isInteger(value);
}

/** Why a number is outside what a setting (or search parameter) takes, or null when it is inside. */
function numberError(name, value, s, whole = s.kind === 'INT' || s.kind === 'INT_LIST' || s.type === 'INT') {
  if (value == null) {
    return null;
  }
  if (!Number.isFinite(value) || (whole && !isInt(value))) {
    return `${name} must be a ${whole ? 'whole number' : 'number'}`;
  }
  const aboveMin = s.min == null || (s.minExclusive ? value > s.min : value >= s.min);
  const belowMax = s.max == null || (s.maxExclusive ? value < s.max : value <= s.max);
  if (aboveMin && belowMax) {
    return null;
  }
  if (s.min != null && s.max != null) {
    return s.minExclusive || s.maxExclusive
      ? `${name} must be in ${s.minExclusive ? '(' : '['}${s.min}, ${s.max}${s.maxExclusive ? ')' : ']'}`
      : `${name} must be between ${s.min} and ${s.max}`;
  }
  return s.min != null ? `${name} must be ${s.minExclusive ? '>' : '>='} ${s.min}`
    : `${name} must be ${s.maxExclusive ? '<' : '<='} ${s.max}`;
}

/** Checks a start-run request against the options; returns {field: message} for every field at fault. */
export function validateRun(input, columns, classification, o) {
  const errors = {};
  if (!input.dataset) {
    errors.dataset = 'Choose a data set';
  }
  if (!input.target) {
    errors.target = 'Choose the target column';
  } else if (columns && !columns.includes(input.target)) {
    errors.target = `Column '${input.target}' is not in this version; its columns are ${columns.join(', ')}`;
  }
  if (input.modelName != null && !NAME.test(input.modelName)) {
    errors.modelName = 'Use 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit';
  }
  if (input.seed != null && !isInt(input.seed)) {
    errors.seed = 'The seed must be a whole number';
  }
  const t = input.training;
  for (const [name, setting] of Object.entries(o.training)) {
    const value = t[name];
    if (value == null) {
      continue;
    }
    let message = null;
    if (setting.kind === 'INT_LIST') {
      message = value.map(w => numberError('Each width', w, setting)).find(m => m) ?? (value.length > setting.maxItems
        ? `At most ${setting.maxItems} ${name}` : null);
    } else if (setting.kind === 'CHOICE') {
      message = choiceNames(setting).includes(value) ? null : `Use one of ${choiceNames(setting).join(', ')}`;
    } else {
      message = numberError(name, value, setting);
    }
    if (message) {
      errors[name] = message;
    }
  }
  if (input.tuning) {
    Object.assign(errors, validateTuning(input.tuning, classification, o));
  }
  if (input.compression) {
    const c = input.compression;
    if (c.techniques.length === 0) {
      errors.techniques = 'Choose at least one technique';
    }
    for (const name of ['accuracyBudget', 'rmseBudget']) {
      const message = c[name] == null ? null : numberError(name, c[name], o.compression[name]);
      if (message) {
        errors[name] = message;
      }
    }
  }
  return errors;
}

function validateTuning(s, classification, o) {
  const errors = {};
  const allowed = objectives(o, classification).map(x => x.name);
  if (!allowed.includes(s.objective)) {
    errors.objective = `Use one of ${allowed.join(', ')}`;
  }
  for (const [name, setting] of Object.entries(o.study)) {
    if (setting.kind === 'CHOICE') {
      // null leaves the choice to the server (its default, or none for a setting without one)
      if (s[name] != null && !choiceNames(setting).includes(s[name])) {
        errors[name] = `Use one of ${choiceNames(setting).join(', ')}`;
      }
      continue;
    }
    // minResource is the median rule's warm-up too, where 0 is allowed; ASHA needs at least its minimum.
    const applies = name === 'gridPoints' ? s.sampler === 'GRID' : name === 'costTolerance' ? Boolean(s.cost)
      : name === 'reductionFactor' ? s.pruner === 'ASHA' : name === 'minResource' ? s.pruner !== 'NONE' : true;
    const rule = name === 'minResource' && s.pruner !== 'ASHA' ? {...setting, min: null} : setting;
    const message = applies ? numberError(name, s[name], rule) : null;
    if (message) {
      errors[name] = message;
    }
  }
  if (s.cost && s.sampler === 'GP') {
    errors.cost = 'GP optimizes one objective: with a second one use TPE, MULTIVARIATE_TPE, RANDOM or GRID';
  }
  if (s.parameters.length === 0) {
    errors.parameters = 'The search space is empty: add a parameter';
  }
  const names = s.parameters.map(p => p.name);
  s.parameters.forEach((p, i) => {
    const message = parameterError(p, names, s.parameters, o);
    if (message) {
      errors['parameter' + i] = message;
    }
  });
  if (s.sampler === 'GRID' && !errors.gridPoints && !errors.maxTrials && s.parameters.every(p => !p.conditionParameter)) {
    const points = s.gridPoints ?? o.study.gridPoints.defaultNumber;
    const trials = s.maxTrials ?? o.study.maxTrials.defaultNumber;
    const size = s.parameters.reduce((n, p) => n * gridValues(p, points), 1);
    if (size > trials) {
      errors.maxTrials = `The grid has ${size} points but the budget allows only ${trials} trials`;
    }
  }
  return errors;
}

function gridValues(p, points) {
  if (p.type === 'CATEGORICAL') {
    return p.choices.length;
  }
  if (p.type === 'INT') {
    return Math.min(points, Math.floor((p.high - p.low) / (p.step ?? 1)) + 1);
  }
  return p.low === p.high ? 1 : points;
}

function parameterError(p, names, all, o) {
  const searched = o.parameters[p.name];
  if (!searched) {
    return `Unknown parameter '${p.name}'`;
  }
  const kind = searched.type;
  if (names.filter(n => n === p.name).length > 1) {
    return `'${p.name}' is listed twice`;
  }
  if (!(p.type === kind || (searched.categoricalAllowed && p.type === 'CATEGORICAL'))) {
    return `${p.name} must be ${kind}`;
  }
  if (p.type === 'CATEGORICAL') {
    if (p.choices.length === 0) {
      return `${p.name} needs at least one choice`;
    }
    const known = searched.choices.map(c => c.name);
    const unknown = known.length > 0 && p.choices.find(c => !known.includes(c));
    if (unknown) {
      return `${p.name}: unknown value '${unknown}'; use ${known.join(', ')}`;
    }
    if (kind === 'INT') {
      if (p.choices.some(c => !/^-?\d+$/.test(c))) {
        return `${p.name}: choices must be whole numbers`;
      }
      const outside = p.choices.map(c => numberError(p.name, Number(c), searched)).find(m => m);
      if (outside) {
        return outside;
      }
    }
    if (new Set(p.choices).size !== p.choices.length) {
      return `${p.name}: a choice is listed twice`;
    }
  } else {
    if (p.low == null || p.high == null || !Number.isFinite(p.low) || !Number.isFinite(p.high)) {
      return `${p.name} needs low and high`;
    }
    if (p.type === 'INT' && (!isInt(p.low) || !isInt(p.high))) {
      return `${p.name}: low and high must be whole numbers`;
    }
    if (p.low > p.high) {
      return `${p.name}: low ${p.low} is greater than high ${p.high}`;
    }
    const outside = numberError(p.name, p.low, searched) ?? numberError(p.name, p.high, searched);
    if (outside) {
      return outside;
    }
    if (p.log && p.low <= 0) {
      return `${p.name}: a log scale needs low ${p.type === 'INT' ? '>= 1' : '> 0'}`;
    }
    if (p.type === 'INT' && p.step != null) {
      if (!isInt(p.step) || p.step < 1) {
        return `${p.name}: step must be >= 1`;
      }
      if (p.log && p.step > 1) {
        return `${p.name}: a log scale cannot have a step`;
      }
      if (p.step > 1 && p.step > p.high - p.low) {
        return `${p.name}: step ${p.step} is larger than the range`;
      }
    }
  }
  if (p.conditionParameter) {
    if (p.conditionParameter === p.name) {
      return `${p.name}: a condition cannot refer to the parameter itself`;
    }
    if (!all.some(q => q.name === p.conditionParameter)) {
      return `${p.name}: the condition names '${p.conditionParameter}', which is not in the search space`;
    }
    if (p.conditionValues.length === 0) {
      return `${p.name}: the condition lists no values`;
    }
  }
  return null;
}

const DEFAULT_PARAMETER = {name: 'learningRate', type: 'FLOAT', low: '0.0001', high: '0.03', log: true, step: '',
  choices: '', conditionParameter: '', conditionValues: ''};

/** Starts a run (optionally with a hyperparameter study) from a form that checks what the server checks. */
class HoneStartRun extends LitElement {
  static properties = {
    user: {attribute: false},
    dataset: {attribute: false},
    datasets: {state: true},
    options: {state: true},
    detail: {state: true},
    tuning: {state: true},
    compress: {state: true},
    sampler: {state: true},
    pruner: {state: true},
    cost: {state: true},
    task: {state: true},
    parameters: {state: true},
    errors: {state: true},
    error: {state: true},
    busy: {state: true},
  };

  static styles = [base, css`
    form { max-width: 60rem; }
    .parameters td { padding: 0.2rem; }
    .parameters input:not([type=checkbox]), .parameters select { width: 100%; min-width: 4.5rem; }
    [aria-invalid=true] { border-color: #a4161a; outline: 1px solid #a4161a; }
  `];

  constructor() {
    super();
    this.tuning = false;
    this.compress = false;
    this.sampler = null;
    this.pruner = null;
    this.task = '';
    this.parameters = [{...DEFAULT_PARAMETER}];
    this.errors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    runOptions().then(o => {
      this.options = o;
      this.sampler ??= o.study.sampler.defaultChoice;
      this.pruner ??= o.study.pruner.defaultChoice;
    }).catch(e => (this.error = e.message));
    graphql('{ datasets(size: 100) { items { name } } }')
      .then(d => {
        this.datasets = d.datasets.items.map(x => x.name);
        const chosen = this.dataset && this.datasets.includes(this.dataset) ? this.dataset : this.datasets[0];
        if (chosen) {
          this.pickDataset(chosen);
        }
      })
      .catch(e => (this.error = e.message));
  }

  async pickDataset(name) {
    this.dataset = name;
    this.detail = null;
    try {
      this.detail = (await graphql(`query($name: String!) { dataset(name: $name) { name versions { version
          profile { columns { name type distinct min max topValues { value } } } } } }`, {name})).dataset;
    } catch (e) {
      this.error = e.message;
    }
  }

  version() {
    const chosen = this.renderRoot.querySelector('select[name=datasetVersion]')?.value;
    return this.detail.versions.find(v => String(v.version) === chosen) ?? this.detail.versions.at(-1);
  }

  /** The task the server would infer from the target column (TaskType.infer). */
  classification(target) {
    if (this.task) {
      return this.task === 'CLASSIFICATION';
    }
    const column = this.detail && this.version().profile.columns.find(c => c.name === target);
    if (!column || column.type !== 'NUMERIC') {
      return true;
    }
    return column.distinct <= 20 && [column.min, column.max, ...column.topValues.map(t => Number(t.value))]
      .every(Number.isInteger);
  }

  readForm(form) {
    const value = name => form.elements[name]?.value.trim() ?? '';
    const num = name => numberOrNull(value(name));
    const input = {
      dataset: this.dataset ?? null,
      datasetVersion: num('datasetVersion'),
      target: value('target') || null,
      task: this.task || null,
      modelName: value('modelName') || null,
      seed: num('seed'),
      device: value('device') || null,
      // Every published training setting, read by its kind: the form knows no setting by name.
      training: Object.fromEntries(Object.values(this.options.training).map(s => [s.name,
        s.kind === 'INT_LIST' ? (value(s.name) === '' ? null : value(s.name).split(',').map(w => Number(w.trim())))
          : s.kind === 'CHOICE' ? value(s.name) || null : num(s.name)])),
      tuning: null,
      compression: null,
      validation: this.readValidation(form, value, num),
    };
    if (this.compress) {
      const classification = this.classification(input.target);
      input.compression = {
        techniques: [...form.querySelectorAll('input[name=techniques]:checked')].map(e => e.value),
        objective: value('objective-compression') || null,
        accuracyBudget: classification ? num('accuracyBudget') : null,
        rmseBudget: classification ? null : num('rmseBudget'),
      };
    }
    if (this.tuning) {
      const objective = value('objective');
      input.tuning = {
        sampler: this.sampler,
        pruner: this.pruner,
        objective,
        direction: this.options.objectives.find(o => o.name === objective)?.direction ?? null,
        maxTrials: num('maxTrials'),
        parallelism: num('parallelism'),
        gridPoints: this.sampler === 'GRID' ? num('gridPoints') : null,
        minResource: this.pruner === 'NONE' ? null : num('minResource'),
        reductionFactor: this.pruner === 'ASHA' ? num('reductionFactor') : null,
        cost: this.cost || null,
        costTolerance: this.cost ? num('costTolerance') : null,
        parameters: this.parameters.map(p => {
          const list = text => text.split(',').map(x => x.trim()).filter(x => x !== '');
          const type = p.type;
          return {name: p.name, type,
            low: type === 'CATEGORICAL' ? null : numberOrNull(p.low),
            high: type === 'CATEGORICAL' ? null : numberOrNull(p.high),
            log: type === 'CATEGORICAL' ? null : p.log,
            step: type === 'INT' ? numberOrNull(p.step) : null,
            choices: type === 'CATEGORICAL' ? list(p.choices) : null,
            conditionParameter: p.conditionParameter || null,
            conditionValues: p.conditionParameter ? list(p.conditionValues) : null};
        }),
      };
    }
    return input;
  }

  async submit(event) {
    event.preventDefault();
    const input = this.readForm(event.target);
    const columns = this.detail ? this.version().profile.columns.map(c => c.name) : null;
    this.errors = validateRun(input, columns, this.classification(input.target), this.options);
    this.error = null;
    if (Object.keys(this.errors).length) {
      await this.updateComplete;
      this.renderRoot.querySelector('[aria-invalid=true]')?.focus();
      return;
    }
    // Leave out what was not given, so the server applies its defaults.
    const training = Object.fromEntries(Object.entries(input.training).filter(([, v]) => v != null));
    const request = Object.fromEntries(Object.entries({...input, training: Object.keys(training).length ? training : null})
      .filter(([, v]) => v != null));
    this.busy = true;
    try {
      const run = (await graphql('mutation($input: StartRunInput!) { startRun(input: $input) { id } }', {input: request}))
        .startRun;
      location.hash = '#/runs/' + run.id;
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  /**
   * The validation gate's limits and the sensitive columns; null when none is given (the stage runs either way,
   * gating only on the production version).
   */
  readValidation(form, value, num) {
    const sensitive = [...form.querySelectorAll('input[name=sensitive]:checked')].map(e => e.value);
    const floor = num('accuracyFloor');
    const v = {
      sensitiveColumns: sensitive.length ? sensitive : null,
      metricLimits: floor == null ? null : [{metric: 'accuracy', limit: floor}],
      minDisparateImpact: num('minDisparateImpact'),
      maxCalibrationError: num('maxCalibrationError'),
      reweighing: form.elements.reweighing?.checked || null,
      temperatureScaling: form.elements.temperatureScaling?.checked || null,
    };
    return Object.values(v).some(x => x != null) ? v : null;
  }

  /** The validation stage's gate and fairness settings, for the task; the server checks them. */
  validation(columns, target, classification) {
    const candidates = columns.filter(c => c !== target);
    return html`<fieldset><legend>Validation gate</legend>
      <p class="muted">Every run validates its model: metrics with intervals, explanations, robustness, fairness, and a
        comparison with the production version. Limits below make the gate reject the version when it misses them.</p>
      <div class="grid">
        ${classification ? this.field('accuracyFloor', 'Accuracy at least', {inputmode: 'decimal',
          placeholder: 'no floor'}) : ''}
        ${classification ? this.field('maxCalibrationError', 'Calibration error at most', {inputmode: 'decimal',
          placeholder: 'no ceiling'}) : ''}
        ${classification ? this.field('minDisparateImpact', 'Disparate impact at least', {inputmode: 'decimal',
          placeholder: 'no floor (0.8: four-fifths)'}) : ''}
      </div>
      ${candidates.length ? html`<div class="sensitive" title="Input columns whose groups fairness compares">Sensitive
        columns ${candidates.map(c => html`<label style="display:inline-flex;gap:0.3rem;margin-right:0.8rem"><input
          type="checkbox" name="sensitive" value=${c}> ${c}</label>`)}</div>` : ''}
      ${classification ? html`<label style="display:flex;gap:0.4rem;align-items:center"><input type="checkbox"
        name="reweighing"> Reweigh the training rows over the first sensitive column (fairness)</label>
        <label style="display:flex;gap:0.4rem;align-items:center"><input type="checkbox" name="temperatureScaling">
        Serve probabilities scaled by the fitted temperature when it calibrates them better</label>` : ''}
    </fieldset>`;
  }

  /** Compression after training: the techniques as checkboxes, the objective, the budget of the task. */
  compression(classification) {
    const c = this.options.compression;
    const techniques = c.techniques;
    return html`<fieldset><legend>Compression</legend>
      <label style="display:flex;gap:0.4rem;align-items:center"><input type="checkbox" name="compress"
        .checked=${this.compress} @change=${e => (this.compress = e.target.checked)}> Compress after training</label>
      ${this.compress ? html`<div class="grid">
        <div title=${techniques.description}>Techniques
          ${techniques.choices.map(t => html`<label style="display:flex;gap:0.4rem;align-items:center"
            title=${t.description}><input type="checkbox" name="techniques" value=${t.name} checked> ${t.name}</label>`)}
          ${this.errors.techniques ? html`<span class="invalid">${this.errors.techniques}</span>` : ''}</div>
        ${this.select('objective-compression', 'Objective', c.objective.choices.map(o => ({value: o.name,
          label: o.name + (o.name === c.objective.defaultChoice ? ' (default)' : ''), title: o.description})),
        {title: c.objective.description, selected: c.objective.defaultChoice})}
        ${classification ? this.setting('compression', 'accuracyBudget', 'Accuracy budget (points)')
          : this.setting('compression', 'rmseBudget', 'RMSE budget (%)')}
      </div>` : ''}
    </fieldset>`;
  }

  /** An input for a published setting: its default as placeholder (or value), its description as title. */
  setting(group, name, label, attributes = {}) {
    const s = this.options[group][name];
    const shown = s.kind === 'INT_LIST' ? s.defaultList.join(', ') : String(s.defaultNumber ?? '');
    return this.field(name, label, {inputmode: s.kind === 'INT' ? 'numeric' : s.kind === 'FLOAT' ? 'decimal' : 'text',
      title: s.description, ...(attributes.prefilled ? {value: shown} : {placeholder: shown}), ...attributes});
  }

  /** A select of a published CHOICE setting, its default marked; '' (the server's default) unless told otherwise. */
  choices(group, name, label, attributes = {}) {
    const s = this.options[group][name];
    const options = s.choices.map(c => ({value: c.name, label: c.name, title: c.description}));
    const first = attributes.noEmpty ? [] : [{value: '', label: s.defaultChoice ? `${s.defaultChoice} (default)`
      : attributes.emptyLabel}];
    return this.select(name, label, [...first, ...options], {title: s.description, ...attributes});
  }

  field(name, label, attributes = {}) {
    const error = this.errors[name];
    return html`<label title=${attributes.title ?? ''}>${label}
      <input name=${name} inputmode=${attributes.inputmode ?? 'decimal'} placeholder=${attributes.placeholder ?? ''}
        .value=${attributes.value ?? ''} aria-invalid=${error ? 'true' : 'false'}>
      ${error ? html`<span class="invalid">${error}</span>` : ''}</label>`;
  }

  select(name, label, options, attributes = {}) {
    const error = this.errors[name];
    return html`<label title=${attributes.title ?? ''}>${label}
      <select name=${name} @change=${attributes.change ?? null} aria-invalid=${error ? 'true' : 'false'}>
        ${options.map(o => html`<option value=${o.value ?? o} title=${o.title ?? ''}
          ?selected=${(o.value ?? o) === attributes.selected}>
          ${o.label ?? o}</option>`)}
      </select>
      ${error ? html`<span class="invalid">${error}</span>` : ''}</label>`;
  }

  setParameter(i, key, value) {
    const next = [...this.parameters];
    next[i] = {...next[i], [key]: value};
    if (key === 'name') {
      const searched = this.options.parameters[value];
      next[i].type = searched.type;
      next[i].choices = searched.choices.map(c => c.name).join(', ');
    }
    this.parameters = next;
  }

  parameterRows() {
    return html`<div class="scroll"><table class="parameters" aria-label="Search space">
      <thead><tr><th>Parameter</th><th>Type</th><th>Low</th><th>High</th><th>Log</th><th>Step</th><th>Choices</th>
        <th>Only when</th><th>is one of</th><th></th></tr></thead>
      <tbody>${this.parameters.map((p, i) => {
        const error = this.errors['parameter' + i];
        const numeric = p.type !== 'CATEGORICAL';
        const searched = this.options.parameters[p.name];
        return html`<tr>
          <td><select aria-label="Parameter ${i + 1} name" aria-invalid=${error ? 'true' : 'false'}
              @change=${e => this.setParameter(i, 'name', e.target.value)}>
            ${Object.values(this.options.parameters).map(q => html`<option title=${q.description}
              ?selected=${q.name === p.name}>${q.name}</option>`)}</select>
            ${error ? html`<span class="invalid">${error}</span>` : ''}</td>
          <td><select aria-label="Parameter ${i + 1} type" @change=${e => this.setParameter(i, 'type', e.target.value)}>
            ${(searched.categoricalAllowed ? [searched.type, 'CATEGORICAL'] : [searched.type]).map(t => html`
              <option ?selected=${t === p.type}>${t}</option>`)}</select></td>
          <td><input aria-label="Parameter ${i + 1} low" inputmode="decimal" ?disabled=${!numeric} .value=${p.low}
            @input=${e => this.setParameter(i, 'low', e.target.value)}></td>
          <td><input aria-label="Parameter ${i + 1} high" inputmode="decimal" ?disabled=${!numeric} .value=${p.high}
            @input=${e => this.setParameter(i, 'high', e.target.value)}></td>
          <td><input type="checkbox" aria-label="Parameter ${i + 1} log scale" ?disabled=${!numeric} .checked=${p.log}
            @change=${e => this.setParameter(i, 'log', e.target.checked)}></td>
          <td><input aria-label="Parameter ${i + 1} step" inputmode="numeric" ?disabled=${p.type !== 'INT'} .value=${p.step}
            @input=${e => this.setParameter(i, 'step', e.target.value)}></td>
          <td><input aria-label="Parameter ${i + 1} choices" ?disabled=${numeric} .value=${p.choices}
            placeholder="a, b, c" @input=${e => this.setParameter(i, 'choices', e.target.value)}></td>
          <td><input aria-label="Parameter ${i + 1} condition parameter" .value=${p.conditionParameter}
            @input=${e => this.setParameter(i, 'conditionParameter', e.target.value.trim())}></td>
          <td><input aria-label="Parameter ${i + 1} condition values" .value=${p.conditionValues} placeholder="2, 3"
            @input=${e => this.setParameter(i, 'conditionValues', e.target.value)}></td>
          <td><button type="button" aria-label="Remove parameter ${i + 1}"
            @click=${() => (this.parameters = this.parameters.filter((_, j) => j !== i))}>Remove</button></td>
        </tr>`;
      })}</tbody></table></div>
      ${this.errors.parameters ? html`<p class="invalid">${this.errors.parameters}</p>` : ''}
      <button type="button" @click=${() => (this.parameters = [...this.parameters,
        {...DEFAULT_PARAMETER, name: 'dropout', low: '0', high: '0.5', log: false}])}>Add a parameter</button>`;
  }

  render() {
    if (!can(this.user, 'RUN')) {
      return html`<p class="error" role="alert">Your roles do not allow starting runs.</p>`;
    }
    const state = pageState(this.error, this.datasets && this.options);
    if (state) {
      return state;
    }
    if (this.datasets.length === 0) {
      return html`<p class="empty">There is no data set yet. <a href="#/datasets">Upload one</a> first.</p>`;
    }
    const columns = this.detail ? this.version().profile.columns.map(c => c.name) : [];
    const classification = this.classification(this.renderRoot.querySelector('select[name=target]')?.value);
    return html`
      <h2>Start a run</h2>
      <form @submit=${this.submit} novalidate aria-label="Start a run">
        <fieldset><legend>Data and target</legend><div class="grid">
          ${this.select('dataset', 'Data set', this.datasets, {selected: this.dataset,
            change: e => this.pickDataset(e.target.value)})}
          ${this.select('datasetVersion', 'Version', (this.detail?.versions ?? []).map(v => String(v.version)).reverse(),
            {change: () => this.requestUpdate()})}
          ${this.select('target', 'Target column', ['', ...columns].map(c => ({value: c, label: c || 'choose…'})),
            {change: () => this.requestUpdate()})}
          ${this.choices('run', 'task', 'Task', {emptyLabel: 'infer from the target', selected: this.task,
            change: e => (this.task = e.target.value)})}
          ${this.field('modelName', 'Model name', {placeholder: 'data set-target', inputmode: 'text'})}
          ${this.setting('run', 'seed', 'Seed', {placeholder: 'random'})}
          ${this.choices('run', 'device', 'Device')}
        </div></fieldset>
        <fieldset><legend>Training (empty fields use the defaults)</legend><div class="grid">
          ${Object.values(this.options.training).map(s => s.kind === 'CHOICE'
            ? this.choices('training', s.name, label(s.name)) : this.setting('training', s.name, label(s.name)))}
        </div></fieldset>
        <fieldset><legend>Hyperparameter study</legend>
          <label style="display:flex;gap:0.4rem;align-items:center"><input type="checkbox" name="tuning"
            .checked=${this.tuning} @change=${e => (this.tuning = e.target.checked)}> Tune before training</label>
          ${this.tuning ? html`<div class="grid">
            ${this.choices('study', 'sampler', 'Sampler', {noEmpty: true, selected: this.sampler,
              change: e => (this.sampler = e.target.value)})}
            ${this.choices('study', 'pruner', 'Early stopping', {noEmpty: true, selected: this.pruner,
              change: e => (this.pruner = e.target.value)})}
            ${this.select('objective', 'Objective', objectives(this.options, classification)
              .map(o => ({value: o.name, label: o.name, title: o.description})))}
            ${this.setting('study', 'maxTrials', 'Trials', {prefilled: true})}
            ${this.setting('study', 'parallelism', 'Trials at once', {prefilled: true})}
            ${this.sampler === 'GRID' ? this.setting('study', 'gridPoints', 'Grid points per parameter',
              {prefilled: true}) : ''}
            ${this.pruner !== 'NONE' ? this.setting('study', 'minResource',
              this.pruner === 'ASHA' ? 'Min epochs' : 'Warm-up epochs', {prefilled: true}) : ''}
            ${this.pruner === 'ASHA' ? this.setting('study', 'reductionFactor', 'Reduction factor', {prefilled: true})
              : ''}
            ${this.choices('study', 'cost', 'Second objective (minimized)', {emptyLabel: 'none', selected: this.cost,
              change: e => (this.cost = e.target.value)})}
            ${this.cost ? this.setting('study', 'costTolerance', 'Cost tolerance (% of the objective)') : ''}
          </div>
          ${this.parameterRows()}` : ''}
        </fieldset>
        ${this.compression(classification)}
        ${this.validation(columns, this.renderRoot.querySelector('select[name=target]')?.value, classification)}
        ${Object.keys(this.errors).length ? html`<p class="error" role="alert">
          Please correct the ${Object.keys(this.errors).length === 1 ? 'field' : 'fields'} marked above.</p>` : ''}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <button type="submit" class="primary" ?disabled=${this.busy}>Start run</button>
      </form>`;
  }
}

customElements.define('hone-runs', HoneRuns);
customElements.define('hone-start-run', HoneStartRun);

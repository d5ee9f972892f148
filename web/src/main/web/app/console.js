import {LitElement, html, css} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import {ME, beginKeycloakSignIn, completeKeycloakSignIn, graphql, signIn, signInConfig, signOut, signedIn}
  from './api.js';
import {base, badge, can, pageState, when} from './ui.js';
import './audit.js';
import './datasets.js';
import './deployments.js';
import './schedules.js';
import './explorer.js';
import './models.js';
import './run.js';
import './runs.js';
import './study.js';

/** The console shell: sign-in, the signed-in user's roles, navigation and the pages. */
class HoneConsole extends LitElement {
  static properties = {
    user: {state: true},
    mode: {state: true},
    error: {state: true},
    busy: {state: true},
    route: {state: true},
  };

  static styles = [base, css`
    :host { font-family: system-ui, sans-serif; color: #1b1f24; }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; padding: 0.5rem 1rem;
      background: #1f3a5f; color: white; }
    header h1 { font-size: 1.1rem; margin: 0; }
    header a { color: inherit; }
    nav { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; flex: 1; }
    nav a { text-decoration: none; padding: 0.15rem 0; border-bottom: 2px solid transparent; }
    nav a[aria-current=page] { border-bottom-color: white; }
    header button { background: transparent; color: white; border-color: #9fb3c8; }
    main { padding: 1rem; max-width: 76rem; margin: 0 auto; }
    form.sign-in { display: grid; gap: 0.6rem; max-width: 20rem; margin: 3rem auto; }
    form.sign-in input { font-size: 1rem; }
    .roles { font-size: 0.85rem; opacity: 0.85; }
  `];

  constructor() {
    super();
    this.user = null;
    this.mode = null;
    this.error = null;
    this.busy = true;
    this.route = location.hash;
    this.onHash = () => (this.route = location.hash);
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.start();
  }

  async start() {
    try {
      this.mode = (await signInConfig()).identity;
      if (this.mode === 'keycloak') {
        await completeKeycloakSignIn();
        this.route = location.hash;
      }
      if (signedIn()) {
        this.user = (await graphql(ME)).me;
      }
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  page() {
    const [path, query] = (this.route || '#/').slice(1).split('?');
    const params = new URLSearchParams(query ?? '');
    const u = this.user;
    let m;
    // keyed: another id gets a fresh page (and subscription), not this one with new data.
    if (path === '/api') {
      return html`<hone-explorer></hone-explorer>`;
    }
    if ((m = /^\/studies\/(\d+)$/.exec(path))) {
      return keyed(path, html`<hone-study .studyId=${m[1]}></hone-study>`);
    }
    if (path === '/runs/new') {
      return keyed(path + query, html`<hone-start-run .user=${u} .dataset=${params.get('dataset')}></hone-start-run>`);
    }
    if ((m = /^\/runs\/(\d+)$/.exec(path))) {
      return keyed(path, html`<hone-run .user=${u} .runId=${m[1]}></hone-run>`);
    }
    if (path === '/runs') {
      return html`<hone-runs .user=${u} .status=${params.get('status') ?? ''} .dataset=${params.get('dataset') ?? ''}
        .page=${Number(params.get('page') ?? 0)}></hone-runs>`;
    }
    if ((m = /^\/datasets\/([^/]+)$/.exec(path))) {
      return keyed(path, html`<hone-dataset .user=${u} .name=${decodeURIComponent(m[1])}
        .version=${params.get('version')}></hone-dataset>`);
    }
    if (path === '/datasets') {
      return html`<hone-datasets .user=${u}></hone-datasets>`;
    }
    if ((m = /^\/models\/([^/]+)\/versions\/(\d+)$/.exec(path))) {
      return keyed(path, html`<hone-model-version .user=${u} .model=${decodeURIComponent(m[1])}
        .version=${Number(m[2])}></hone-model-version>`);
    }
    if ((m = /^\/models\/([^/]+)$/.exec(path))) {
      return keyed(path, html`<hone-model .user=${u} .name=${decodeURIComponent(m[1])}></hone-model>`);
    }
    if (path === '/models') {
      return html`<hone-models></hone-models>`;
    }
    if ((m = /^\/deployments\/([^/]+)$/.exec(path))) {
      return keyed(path, html`<hone-deployment .user=${u} .name=${decodeURIComponent(m[1])}></hone-deployment>`);
    }
    if (path === '/deployments') {
      return html`<hone-deployments></hone-deployments>`;
    }
    if ((m = /^\/schedules\/([^/]+)$/.exec(path))) {
      return keyed(path, html`<hone-schedule .user=${u} .name=${decodeURIComponent(m[1])}></hone-schedule>`);
    }
    if (path === '/schedules') {
      return html`<hone-schedules .user=${u}></hone-schedules>`;
    }
    if (path === '/audit' && can(u, 'READ_AUDIT')) {
      return html`<hone-audit></hone-audit>`;
    }
    if (path === '/' || path === '') {
      return html`<hone-overview .user=${u}></hone-overview>`;
    }
    return html`<p class="error" role="alert">There is no page at ${location.hash}.</p>`;
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.busy = true;
    this.error = null;
    try {
      this.user = await signIn(form.get('username'), form.get('password'));
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }

  async keycloak() {
    this.busy = true;
    this.error = null;
    try {
      await beginKeycloakSignIn();
    } catch (e) {
      this.error = e.message;
      this.busy = false;
    }
  }

  leave() {
    signOut();
    this.user = null;
  }

  link(href, label) {
    const current = (this.route || '#/').split('?')[0];
    const active = href === '#/' ? current === '#/' || current === '' : current.startsWith(href);
    return html`<a href=${href} aria-current=${active ? 'page' : 'false'}>${label}</a>`;
  }

  signInForm() {
    if (this.mode === 'keycloak') {
      return html`<form class="sign-in" @submit=${e => { e.preventDefault(); this.keycloak(); }} aria-label="Sign in">
          <h2>Sign in</h2>
          <p>Hone signs you in with your organisation's Keycloak account.</p>
          <button type="submit" class="primary" ?disabled=${this.busy}>Sign in with Keycloak</button>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        </form>`;
    }
    return html`<form class="sign-in" @submit=${this.submit} aria-label="Sign in">
        <h2>Sign in</h2>
        <label>User name <input name="username" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit" class="primary" ?disabled=${this.busy}>Sign in</button>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      </form>`;
  }

  render() {
    if (!this.user) {
      return html`<header><h1>Hone</h1></header>
        ${this.mode ? this.signInForm() : pageState(this.error, null)}`;
    }
    return html`
      <header>
        <h1><a href="#/">Hone</a></h1>
        <nav aria-label="Pages">
          ${this.link('#/', 'Overview')}${this.link('#/datasets', 'Data sets')}${this.link('#/runs', 'Runs')}
          ${this.link('#/models', 'Models')}${this.link('#/deployments', 'Deployments')}
          ${this.link('#/schedules', 'Schedules')}
          ${can(this.user, 'READ_AUDIT') ? this.link('#/audit', 'Audit') : ''}
          ${this.link('#/api', 'API')}
        </nav>
        <span class="user">${this.user.username}</span>
        <span class="roles">${this.user.roles.join(', ')}</span>
        <button @click=${this.leave}>Sign out</button>
      </header>
      <main>${this.page()}</main>`;
  }
}

/** Recent runs with their status, and the registered models with their aliases. */
class HoneOverview extends LitElement {
  static properties = {
    user: {attribute: false},
    data: {state: true},
    error: {state: true},
  };

  static styles = base;

  connectedCallback() {
    super.connectedCallback();
    graphql(`{ runs(size: 10) { items { id status currentStage modelName createdBy createdAt } }
               models(size: 20) { items { name versions { version approvalStatus } aliases { alias version } } } }`)
      .then(d => (this.data = d))
      .catch(e => (this.error = e.message));
  }

  render() {
    const state = pageState(this.error, this.data);
    if (state) {
      return state;
    }
    const {runs, models} = this.data;
    return html`
      <h2>Recent runs</h2>
      ${can(this.user, 'RUN') ? html`<p><a class="button primary" href="#/runs/new">Start a run</a></p>` : ''}
      ${runs.items.length === 0 ? html`<p class="empty">No runs yet.</p>` : html`<div class="scroll">
        <table aria-label="Recent runs">
          <thead><tr><th>Run</th><th>Status</th><th>Stage</th><th>Model</th><th>Started by</th><th>Created</th></tr></thead>
          <tbody>${runs.items.map(r => html`
            <tr><td><a href="#/runs/${r.id}">${r.id}</a></td><td>${badge(r.status)}</td><td>${r.currentStage ?? ''}</td>
                <td>${r.modelName}</td><td>${r.createdBy}</td><td>${when(r.createdAt)}</td></tr>`)}</tbody>
        </table></div>`}
      <h2>Models</h2>
      ${models.items.length === 0 ? html`<p class="empty">No models yet.</p>` : html`
        <table aria-label="Models">
          <thead><tr><th>Model</th><th>Versions</th><th>Aliases</th></tr></thead>
          <tbody>${models.items.map(m => html`
            <tr><td><a href="#/models/${encodeURIComponent(m.name)}">${m.name}</a></td><td>${m.versions.length}</td>
              <td>${m.aliases.map(a => html`<span class="badge">${a.alias} → v${a.version}</span>`)}</td></tr>`)}</tbody>
        </table>`}`;
  }
}

customElements.define('hone-console', HoneConsole);
customElements.define('hone-overview', HoneOverview);

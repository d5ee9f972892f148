import {LitElement, html, css} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import {graphql, signIn, signOut, signedIn} from './api.js';
import './run.js';
import './study.js';

/** The console shell: sign-in, the signed-in user's roles, and the pages. */
class HoneConsole extends LitElement {
  static properties = {
    user: {state: true},
    error: {state: true},
    busy: {state: true},
    route: {state: true},
  };

  static styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #1b1f24; }
    header { display: flex; align-items: center; gap: 1rem; padding: 0.6rem 1rem; background: #1f3a5f; color: white; }
    header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
    header a { color: inherit; text-decoration: none; }
    main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
    form { display: grid; gap: 0.6rem; max-width: 20rem; margin: 3rem auto; }
    label { display: grid; gap: 0.2rem; }
    input { padding: 0.4rem; font-size: 1rem; }
    button { padding: 0.4rem 0.9rem; font-size: 1rem; cursor: pointer; }
    .error { color: #a4161a; }
    .roles { font-size: 0.85rem; opacity: 0.85; }
  `;

  constructor() {
    super();
    this.user = null;
    this.error = null;
    this.busy = false;
    this.route = location.hash;
    this.onHash = () => (this.route = location.hash);
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    if (signedIn()) {
      graphql('{ me { username roles } }').then(d => (this.user = d.me)).catch(() => signOut());
    }
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  page() {
    const study = /^#\/studies\/(\d+)$/.exec(this.route);
    if (study) {
      // keyed: another study gets a fresh page, not this one with a new id.
      return keyed('study-' + study[1], html`<hone-study .studyId=${study[1]}></hone-study>`);
    }
    const run = /^#\/runs\/(\d+)$/.exec(this.route);
    if (run) {
      return keyed('run-' + run[1], html`<hone-run .user=${this.user} .runId=${run[1]}></hone-run>`);
    }
    return html`<hone-overview .user=${this.user}></hone-overview>`;
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

  leave() {
    signOut();
    this.user = null;
  }

  render() {
    if (!this.user) {
      return html`
        <header><h1>Hone</h1></header>
        <form @submit=${this.submit} aria-label="Sign in">
          <h2>Sign in</h2>
          <label>User name <input name="username" autocomplete="username" required></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit" ?disabled=${this.busy}>Sign in</button>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        </form>`;
    }
    return html`
      <header>
        <h1><a href="#/">Hone</a></h1>
        <span class="user">${this.user.username}</span>
        <span class="roles">${this.user.roles.join(', ')}</span>
        <button @click=${this.leave}>Sign out</button>
      </header>
      <main>${this.page()}</main>`;
  }
}

/** Recent runs and the registered models. */
class HoneOverview extends LitElement {
  static properties = {
    user: {attribute: false},
    runs: {state: true},
    models: {state: true},
    error: {state: true},
  };

  static styles = css`
    table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
    th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d7de; }
    .error { color: #a4161a; }
    .empty { color: #57606a; }
  `;

  connectedCallback() {
    super.connectedCallback();
    graphql(`{ runs(size: 10) { items { id status currentStage modelName createdBy createdAt } }
               models(size: 20) { items { name createdBy } } }`)
      .then(d => {
        this.runs = d.runs.items;
        this.models = d.models.items;
      })
      .catch(e => (this.error = e.message));
  }

  render() {
    if (this.error) {
      return html`<p class="error" role="alert">${this.error}</p>`;
    }
    if (!this.runs) {
      return html`<p aria-busy="true">Loading…</p>`;
    }
    return html`
      <h2>Recent runs</h2>
      ${this.runs.length === 0 ? html`<p class="empty">No runs yet.</p>` : html`
        <table aria-label="Recent runs">
          <thead><tr><th>Run</th><th>Status</th><th>Stage</th><th>Model</th><th>Started by</th></tr></thead>
          <tbody>${this.runs.map(r => html`
            <tr><td><a href="#/runs/${r.id}">${r.id}</a></td><td>${r.status}</td><td>${r.currentStage ?? ''}</td><td>${r.modelName}</td>
                <td>${r.createdBy}</td></tr>`)}</tbody>
        </table>`}
      <h2>Models</h2>
      ${this.models.length === 0 ? html`<p class="empty">No models yet.</p>` : html`
        <ul aria-label="Models">${this.models.map(m => html`<li>${m.name}</li>`)}</ul>`}`;
  }
}

customElements.define('hone-console', HoneConsole);
customElements.define('hone-overview', HoneOverview);

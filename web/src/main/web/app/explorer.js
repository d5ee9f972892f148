import {LitElement, html} from 'lit';
import {base} from './ui.js';

/**
 * The README's GraphQL examples (DocsTest keeps the two the same), each one click away from the
 * explorer (GraphiQL at /q/graphql-ui), which signs in with the browser's own prompt.
 */
export const EXAMPLES = [
  {title: "Add a local user (admin)",
    query: `mutation { saveUser(username:"ana", password:"choose-a-long-one", roles:["data-scientist"]) { username roles } }`},
  {title: "Start a run: learn 'species' from the latest version of 'iris'",
    query: `mutation { startRun(input: {dataset: "iris", target: "species"}) { id status } }`},
  {title: "The newest run: its status, stages and progress",
    query: `{ runs(size: 1) { items { id status currentStage stages { stage status progress detail } error } } }`},
  {title: "The demo's model: its newest version, test metrics and the run that made it",
    query: `{ modelVersion(model: "iris-classifier") { version status metrics { name value } run { id } } }`},
  {title: "A prediction from it",
    query: `{ predict(model: "iris-classifier", rows: [[{column: "sepal_length", value: "5.1"}, {column: "sepal_width", value: "3.5"}, {column: "petal_length", value: "1.4"}, {column: "petal_width", value: "0.2"}]]) { version label probabilities { label probability } } }`},
  {title: "Start a long run (to cancel)",
    query: `mutation { startRun(input: {dataset: "iris", target: "species", training: {maxEpochs: 10000, patience: 10000, batchSize: 1}}) { id } }`},
  {title: "Cancel a run (its id in the Variables tab: {\"id\": \"2\"})",
    query: `mutation($id: ID!) { cancelRun(id: $id) { id status } }`},
  {title: "A run with a hyperparameter study (TPE sampling, ASHA early stopping) before training",
    query: `mutation { startRun(input: {dataset: "iris", target: "species", tuning: {sampler: TPE, pruner: ASHA, maxTrials: 8, parameters: [{name: "learningRate", type: FLOAT, low: 0.0001, high: 0.03, log: true}, {name: "optimizer", type: CATEGORICAL, choices: ["ADAM", "SGD", "RMSPROP"]}, {name: "layers", type: INT, low: 1, high: 2}, {name: "width1", type: INT, low: 8, high: 128, step: 8}, {name: "width2", type: INT, low: 8, high: 128, step: 8, conditionParameter: "layers", conditionValues: ["2"]}]}}) { id } }`},
  {title: "The newest run's study: its trials, best value and each parameter's importance",
    query: `{ runs(size: 1) { items { id status study { status bestValue importance { parameter importance } trials { number status value } } } } }`},
];

/** The API explorer: where it is, how it signs in, and the examples to start from. */
class HoneExplorer extends LitElement {
  static styles = base;

  render() {
    return html`<h2>API explorer</h2>
      <p>Every page of this console uses the public GraphQL API at <code>/graphql</code>. The
        <a href="/q/graphql-ui/" target="_blank" rel="noopener">explorer</a> (GraphiQL) completes queries, shows
        the schema with every description, and runs them; it asks for your user name and password with the
        browser's own sign-in. With Keycloak sign-in, put <code>{"Authorization": "Bearer &lt;access
        token&gt;"}</code> in its Headers tab instead.</p>
      <h3>Examples</h3>
      ${EXAMPLES.map(e => html`<section aria-label=${e.title}>
        <p><strong>${e.title}</strong> — <a class="example" target="_blank" rel="noopener"
          href=${'/q/graphql-ui/?query=' + encodeURIComponent(e.query)}>open in the explorer</a></p>
        <pre><code>${e.query}</code></pre></section>`)}`;
  }
}

customElements.define('hone-explorer', HoneExplorer);

// GraphQL over fetch with the signed-in user's credentials. Credentials stay in this tab's
// sessionStorage and go out only in the Authorization header (never as a cookie), so other sites
// cannot make the browser send them.

const KEY = 'hone.authorization';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Checks a user name and password against the API; keeps them only when they work. */
export async function signIn(username, password) {
  const bytes = new TextEncoder().encode(username + ':' + password);
  const authorization = 'Basic ' + btoa(String.fromCharCode(...bytes));
  const me = await graphql('{ me { username roles } }', {}, authorization);
  sessionStorage.setItem(KEY, authorization);
  return me.me;
}

export async function graphql(query, variables = {}, authorization = sessionStorage.getItem(KEY)) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      // X-Requested-With: a refused password gets a plain 401, not the browser's own sign-in dialog.
      headers: {'Content-Type': 'application/json', 'Authorization': authorization ?? '',
        'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify({query, variables}),
    });
  } catch (e) {
    throw new ApiError('Hone cannot be reached: ' + e.message, 'UNREACHABLE');
  }
  if (response.status === 401) {
    throw new ApiError('Wrong user name or password', 'UNAUTHENTICATED');
  }
  const body = await response.json().catch(() => null);
  if (!body) {
    throw new ApiError('Hone answered ' + response.status, 'HTTP_' + response.status);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code);
  }
  return body.data;
}

// Calling the API: the one fetch() the scripts make. The course writes each fetch() out
// with its headers; here they all go through apiFetch, which adds the bearer token.

export class NetworkError extends Error {
  constructor() {
    super("Could not reach the server. Check your connection and try again.");
  }
}

/**
 * Call the API at `url`. `json` is sent as JSON, `form` as a urlencoded form, and a
 * `token` as the header `Authorization: Bearer <token>`, as in the course.
 * Resolves to {ok, status, data}; throws NetworkError when the server can't be reached.
 */
export async function apiFetch(url, { method = "GET", json, form, token } = {}) {
  const headers = { Accept: "application/json" };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = new URLSearchParams(form);
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body });
  } catch {
    throw new NetworkError();
  }
  let data = null;
  if (response.status !== 204) {
    data = await response.json().catch(() => null);
  }
  return { ok: response.ok, status: response.status, data };
}

// The login token and the current user (the FastAPI course's auth.js, as ES module).
// The token lives in localStorage; the server never sees it unless a script sends it.

const TOKEN_KEY = "access_token";
let currentUser = null; // this page's answer from /api/users/me (a promise)

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
  clearUserCache();
}

export function removeToken() {
  localStorage.removeItem(TOKEN_KEY);
  clearUserCache();
}

export function clearUserCache() {
  currentUser = null;
}

/**
 * The logged-in user, or null. Asked of the server once per page load, so an
 * expired or revoked token is noticed at once (and forgotten).
 */
export function getCurrentUser() {
  if (!currentUser) {
    currentUser = fetchCurrentUser();
  }
  return currentUser;
}

async function fetchCurrentUser() {
  const token = getToken();
  if (!token) {
    return null;
  }
  let response;
  try {
    response = await fetch("/api/users/me", {
      headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
    });
  } catch {
    return null; // offline: show the page logged out, but keep the token
  }
  if (response.status === 401) {
    removeToken();
    return null;
  }
  return response.ok ? response.json() : null;
}

export function logout() {
  removeToken();
  window.location.assign("/");
}

// The course's auth.js as an ES module: get_token, get_current_user, clear_user_cache and
// logout, here getToken, getCurrentUser, clearUserCache and logout (which also revokes the
// token on the server: beyond the course).
// The token lives in localStorage; the server never sees it unless a script sends it.
import { apiFetch } from "./api.js";
import { api, pages } from "./urls.js";

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
  let result;
  try {
    result = await apiFetch(api.me, { token });
  } catch {
    return null; // offline: show the page logged out, but keep the token
  }
  if (result.status === 401) {
    removeToken(); // expired or revoked: forget it, so the page shows "logged out"
    return null;
  }
  return result.ok ? result.data : null;
}

/**
 * Log out: the course's logout forgets the token; here the server revokes it first, so a
 * copy of it (another tab, a leaked log) stops working too. Whatever the answer (offline,
 * or the token already refused), the token is forgotten and the user goes home.
 */
export async function logout() {
  const token = getToken();
  if (token) {
    try {
      await apiFetch(api.logout, { method: "POST", token });
    } catch {
      // offline: forget the token anyway; it expires on its own
    }
  }
  removeToken();
  window.location.assign(pages.home);
}

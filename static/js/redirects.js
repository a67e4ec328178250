// Going to the login page, and coming back. The course sends the user to /login and,
// once logged in, to the home page; here the login page brings them back to the page
// they were on (?next=), as long as it is a page of this site.
import { removeToken } from "./auth.js";
import { pages } from "./urls.js";

/** The login page, with the way back to this page. */
export function loginUrl() {
  const here = window.location.pathname + window.location.search;
  return `${pages.login}?next=${encodeURIComponent(here)}`;
}

/** No token: off to the login page at once (the course's "token check"). */
export function goToLogin() {
  window.location.assign(loginUrl());
}

/** A 401: the token expired or was revoked. Forget it and log in again. */
export function loginAgain() {
  removeToken();
  goToLogin();
}

/** Where to go after logging in: `?next=` if it is a path on this site. */
export function nextPage() {
  const next = new URLSearchParams(window.location.search).get("next") || pages.home;
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : pages.home;
}

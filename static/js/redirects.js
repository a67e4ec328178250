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

/**
 * Where to go after logging in: `?next=` if the browser's own URL parser makes it a page
 * of this site, else the home page. The parser decides because it is what the browser
 * follows: it drops tabs and newlines and reads "\" as "/", so "/<tab>/evil.example" and
 * "/\evil.example" both lead to another host, though they start with a single "/".
 */
export function nextPage() {
  const next = new URLSearchParams(window.location.search).get("next");
  if (!next) {
    return pages.home;
  }
  let target;
  try {
    target = new URL(next, window.location.origin);
  } catch {
    return pages.home;
  }
  const path = target.pathname + target.search + target.hash;
  // "/.//evil.example" resolves to the path "//evil.example", which would name a host.
  if (target.origin !== window.location.origin || path.startsWith("//")) {
    return pages.home;
  }
  return path;
}

// Where the login page sends the user back to (`?next=`): a page of this site, and
// nowhere else, so that a login link can't send anyone to another site. The browser
// tests log in for real with one of these (tests/browser/test_redirects.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { loginUrl, nextPage } from "../../static/js/redirects.js";
import { visit } from "./browser_globals.js";

// `next` as it would appear in a link someone is sent, encoded or not. A browser drops
// tabs and newlines from a URL and reads "\" as "/", so several of these start with a
// single "/" and still name another host. The browser tests check the same list in Chromium.
const ELSEWHERE = JSON.parse(readFileSync(new URL("../open_redirects.json", import.meta.url)));

describe("nextPage", () => {
  for (const [name, next] of Object.entries(ELSEWHERE)) {
    test(`another site (${name}) leads to the home page`, () => {
      visit(`/login?next=${next}`);
      assert.equal(nextPage(), "/");
    });
  }

  test("a page of this site is kept, with its query and fragment", () => {
    visit("/login?next=/posts/7%3Fpage%3D2%23x");
    assert.equal(nextPage(), "/posts/7?page=2#x");
  });

  test("no next, or an empty one, leads to the home page", () => {
    visit("/login");
    assert.equal(nextPage(), "/");
    visit("/login?next=");
    assert.equal(nextPage(), "/");
  });

  test("a relative path is taken from the site's root", () => {
    visit("/login?next=account");
    assert.equal(nextPage(), "/account");
  });
});

describe("loginUrl", () => {
  test("carries the page the user is on, query included, encoded", () => {
    visit("/posts/7?page=2");
    assert.equal(loginUrl(), "/login?next=%2Fposts%2F7%3Fpage%3D2");
  });

  test("leads back to where it was made", () => {
    visit("/user/3/posts?x=a&y=b");
    visit(loginUrl());
    assert.equal(nextPage(), "/user/3/posts?x=a&y=b");
  });
});

// Drafts: what a user typed survives a trip to the login page, in sessionStorage.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { clearDraft, restoreDraft, takeResume } from "../../static/js/drafts.js";

/** A form as restoreDraft sees it: named fields with a value. */
function formWith(...names) {
  return { elements: Object.fromEntries(names.map((name) => [name, { value: "" }])) };
}

beforeEach(() => sessionStorage.clear());

describe("restoreDraft", () => {
  test("puts the kept fields back, by name, and says so", () => {
    sessionStorage.setItem("draft:new-post", JSON.stringify({ title: "T", content: "Body" }));
    const form = formWith("title", "content");

    assert.equal(restoreDraft("new-post", form), true);
    assert.equal(form.elements.title.value, "T");
    assert.equal(form.elements.content.value, "Body");
  });

  test("skips a kept field the form no longer has", () => {
    sessionStorage.setItem("draft:new-post", JSON.stringify({ title: "T", gone: "x" }));
    const form = formWith("title");

    assert.equal(restoreDraft("new-post", form), true);
    assert.deepEqual(Object.keys(form.elements), ["title"]);
  });

  test("is false, and changes nothing, without a draft", () => {
    const form = formWith("title");

    assert.equal(restoreDraft("new-post", form), false);
    assert.equal(form.elements.title.value, "");
  });

  test("keeps each form's draft apart", () => {
    sessionStorage.setItem("draft:edit-post-1", JSON.stringify({ title: "One" }));

    assert.equal(restoreDraft("edit-post-2", formWith("title")), false);
  });
});

describe("clearDraft", () => {
  test("forgets that form's draft only", () => {
    sessionStorage.setItem("draft:a", "{}");
    sessionStorage.setItem("draft:b", "{}");

    clearDraft("a");

    assert.equal(sessionStorage.getItem("draft:a"), null);
    assert.equal(sessionStorage.getItem("draft:b"), "{}");
  });
});

describe("takeResume", () => {
  test("is true once for the form the user was logging in to finish", () => {
    sessionStorage.setItem("resume", "new-post");

    assert.equal(takeResume("other"), false);
    assert.equal(takeResume("new-post"), true);
    assert.equal(takeResume("new-post"), false);
  });
});

// The API's errors, shown next to the fields they are about, in plain words.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { showApiErrors } from "../../static/js/forms.js";

/** Just enough of a form and its elements for showApiErrors: fields, their feedback
 * elements ([data-error-for]) and the form's alert ([data-form-error]). */
function fakeForm(...fields) {
  const element = () => ({
    textContent: "",
    attributes: {},
    classList: new Set(),
    setAttribute(name, value) {
      this.attributes[name] = value;
    },
  });
  const elements = Object.fromEntries(fields.map((name) => [name, element()]));
  const feedback = Object.fromEntries(fields.map((name) => [name, element()]));
  const alert = element();
  alert.classList.add("d-none");
  for (const item of [...Object.values(elements), ...Object.values(feedback), alert]) {
    item.classList.remove = item.classList.delete;
  }
  return {
    elements,
    alert,
    querySelector(selector) {
      if (selector === "[data-form-error]") return alert;
      const field = /^\[data-error-for="(.*)"\]$/.exec(selector)?.[1];
      return feedback[field] ?? null;
    },
    /** The message under each field marked invalid. */
    fieldErrors() {
      return Object.fromEntries(
        fields
          .filter((name) => elements[name].classList.has("is-invalid"))
          .map((name) => [name, feedback[name].textContent]),
      );
    },
    formError() {
      return alert.classList.has("d-none") ? null : alert.textContent;
    },
  };
}

const error422 = (...errors) => ({ status: 422, data: { detail: errors } });

describe("showApiErrors", () => {
  test("a 422 puts each error under its field, in plain words", () => {
    const form = fakeForm("username", "email", "password");

    showApiErrors(
      form,
      error422(
        { loc: ["body", "username"], type: "missing", msg: "Field required" },
        { loc: ["body", "email"], type: "value_error", msg: "value is not a valid email address: …" },
        { loc: ["body", "password"], type: "string_too_short", msg: "…", ctx: { min_length: 8 } },
      ),
    );

    assert.deepEqual(form.fieldErrors(), {
      username: "This field is required.",
      email: "Enter a valid email address, like name@example.com.",
      password: "Use at least 8 characters.",
    });
    assert.equal(form.elements.password.attributes["aria-invalid"], "true");
    assert.equal(form.formError(), null);
  });

  test("pydantic's other wordings", () => {
    const form = fakeForm("a", "b", "c", "d", "e");

    showApiErrors(
      form,
      error422(
        { loc: ["body", "a"], type: "string_too_short", msg: "…", ctx: { min_length: 1 } },
        { loc: ["body", "b"], type: "string_too_long", msg: "…", ctx: { max_length: 100 } },
        { loc: ["body", "c"], type: "too_long", msg: "…" },
        { loc: ["body", "d"], type: "value_error", msg: "Value error, Title can't be blank" },
        { loc: ["body", "e"], type: "value_error", msg: "Value error, Something else" },
      ),
    );

    assert.deepEqual(form.fieldErrors(), {
      a: "This field can't be empty.",
      b: "Use at most 100 characters.",
      c: "This is too long.",
      d: "This field can't be blank.",
      e: "Something else",
    });
  });

  test("a 422 about no field of the form asks to check the form", () => {
    const form = fakeForm("title");

    showApiErrors(form, error422({ loc: ["path", "post_id"], type: "int_parsing", msg: "…" }));

    assert.deepEqual(form.fieldErrors(), {});
    assert.equal(form.formError(), "Please check the form and try again.");
  });

  test("the API's 400 messages go under the field they are about", () => {
    const form = fakeForm("username", "email");

    showApiErrors(form, { status: 400, data: { detail: "Username already exists" } });
    showApiErrors(form, { status: 400, data: { detail: "Email already registered" } });

    assert.deepEqual(form.fieldErrors(), {
      username: "That username is taken. Try another one.",
      email: "An account with this email already exists.",
    });
  });

  test("any other message is shown for the whole form, as the API said it", () => {
    const form = fakeForm("title");

    showApiErrors(form, { status: 403, data: { detail: "Not authorized to update this post" } });

    assert.equal(form.formError(), "Not authorized to update this post");
  });

  test("an answer without a message says what the server answered", () => {
    const form = fakeForm("title");

    showApiErrors(form, { status: 502, data: null });

    assert.equal(form.formError(), "The server answered 502. Please try again.");
  });
});

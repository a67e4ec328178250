// What the scripts find in a browser and Node lacks, made small enough to read: the
// page's <body data-*> (urls.js reads it on import), window.location and the two
// storages. Loaded before any test (`node --test --import`), as the page loads them
// before the scripts run.

class MemoryStorage {
  #items = new Map();

  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }

  setItem(key, value) {
    this.#items.set(key, String(value));
  }

  removeItem(key) {
    this.#items.delete(key);
  }

  clear() {
    this.#items.clear();
  }
}

globalThis.document = {
  body: {
    dataset: {
      homeUrl: "/",
      loginUrl: "/login",
      apiUsers: "/api/users",
      apiToken: "/api/users/token",
      apiMe: "/api/users/me",
      apiLogout: "/api/users/logout",
      apiPosts: "/api/posts",
    },
  },
};

/** Put the browser on `address`, as if the user had opened it. */
export function visit(address) {
  globalThis.window.location = new URL(address, "http://blog.example");
}

globalThis.window = { location: new URL("http://blog.example/") };
globalThis.localStorage = new MemoryStorage();
globalThis.sessionStorage = new MemoryStorage();

// Every URL the scripts use, in one place. layout.html hands them over from Django's
// URLconf ({% url %}) as data- attributes of <body>, so no script types a path.
const urls = document.body.dataset;

export const pages = {
  home: urls.homeUrl,
  login: urls.loginUrl,
};

export const api = {
  users: urls.apiUsers, // POST: register
  token: urls.apiToken, // POST: log in (an OAuth2 password form)
  me: urls.apiMe, // GET: the token's user
  logout: urls.apiLogout, // POST: revoke the token (beyond the course)
  posts: urls.apiPosts, // POST: a new post
  user: (id) => `${urls.apiUsers}/${id}`, // PATCH, DELETE: one user
  post: (id) => `${urls.apiPosts}/${id}`, // PATCH, DELETE: one post
};

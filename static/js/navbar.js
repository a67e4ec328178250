// The navbar's two states: logged out (Login, Register) or logged in (New Post, Account).

export function renderNavbar(user) {
  document.getElementById("nav-logged-out").classList.toggle("d-none", Boolean(user));
  document.getElementById("nav-logged-in").classList.toggle("d-none", !user);
  document.getElementById("account-button").textContent = user ? user.username : "Account";
}

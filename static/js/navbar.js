// The course's auth UI script (in its layout.html): the navbar for a visitor (Login,
// Register) or for a logged-in user (New Post, and Account labelled with the username).
import { getCurrentUser } from "./auth.js";

/** Show the navbar for whoever is logged in; resolves to that user, or null. */
export async function updateAuthUI() {
  const user = await getCurrentUser();
  document.getElementById("nav-logged-out").classList.toggle("d-none", Boolean(user));
  document.getElementById("nav-logged-in").classList.toggle("d-none", !user);
  document.getElementById("account-button").textContent = user ? user.username : "Account";
  return user;
}

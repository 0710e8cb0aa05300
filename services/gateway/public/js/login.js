// The login form posts JSON to /auth/login (the API takes JSON only), then goes to the trades page.
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const data = new FormData(form);
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
  });
  if (response.ok) window.location.assign('/trades');
  else
    error.textContent =
      response.status === 401 ? 'Wrong email or password.' : `Login failed (${response.status}).`;
});

/**
 * The stand-in permissions screen: shows what it received, lets the tester
 * choose a result, then redirects as 360dialog's hub does:
 * `{redirect_url}?client=<id>&channels=[<id>,<id>]&revoked=[<id>]`.
 */
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = new URLSearchParams(location.search);

byId('partner').textContent = decodeURIComponent(location.pathname.split('/')[3] ?? '');
const table = byId<HTMLTableElement>('received');
for (const [key, value] of query) {
  const row = table.insertRow();
  row.insertCell().textContent = key;
  row.insertCell().textContent = value; // text, never HTML: parameters come from anyone
}
if (!table.rows.length) table.insertRow().insertCell().textContent = '(none)';

/** Without `redirect_url` the hub uses the Partner Hub's setting; here, the demo's callback page on the other origin. */
function defaultRedirect(): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}/demo/callback.html`;
}

function list(input: string): string {
  const ids = input.split(',').map((id) => id.trim()).filter(Boolean);
  return byId<HTMLInputElement>('encode').checked ? `%5B${ids.join('%2C')}%5D` : `[${ids.join(',')}]`;
}

byId('permissions').addEventListener('submit', (event) => {
  event.preventDefault();
  const revoked = byId<HTMLInputElement>('revoked').value;
  const result =
    `client=${encodeURIComponent(byId<HTMLInputElement>('client').value.trim())}` +
    `&channels=${list(byId<HTMLInputElement>('channels').value)}` +
    (revoked.trim() ? `&revoked=${list(revoked)}` : '');
  const redirect = query.get('redirect_url') || defaultRedirect();
  location.assign(`${redirect}${redirect.includes('?') ? '&' : '?'}${result}`);
});
byId('close').addEventListener('click', () => window.close());
// Enabled only now: a click before this script ran would submit the form to the hub itself, not redirect.
byId<HTMLButtonElement>('grant').disabled = false;

/** The dashboard's pages in the navigation: path and title. */
export const navPages = [
  { path: '/trades', title: 'Trades' },
  { path: '/live', title: 'Live' },
  { path: '/followers', title: 'Followers' },
  { path: '/accounts', title: 'Accounts' },
  { path: '/operations', title: 'Operations' },
] as const;

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] as string);
}

export interface PageParts {
  title: string;
  /** The page's own script under /assets/js/. */
  script: string;
  /** Markup inside <main>; static, the script fills in the data. */
  main: string;
  /** Current path, marked in the navigation; none on the login page (no navigation there). */
  current?: string;
}

/** The HTML shell of every page: no inline script or style, so the CSP can forbid both. */
export function renderPage(parts: PageParts): string {
  const nav =
    parts.current === undefined
      ? ''
      : `<header class="top">
  <a class="brand" href="/trades">copytrade</a>
  <nav aria-label="Main"><ul>${navPages
    .map(
      (p) =>
        `<li><a href="${p.path}"${p.path === parts.current ? ' aria-current="page"' : ''}>${escapeHtml(p.title)}</a></li>`,
    )
    .join('')}</ul></nav>
  <span id="whoami" class="whoami"></span>
  <button type="button" id="logout" class="link">Log out</button>
</header>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)} · copytrade</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/js/${parts.script}"></script>
${parts.current === undefined ? '' : '<script type="module" src="/assets/js/kill-banner.js"></script>\n'}</head>
<body>
${nav}
<main id="main">
<h1>${escapeHtml(parts.title)}</h1>
${parts.main}
</main>
</body>
</html>
`;
}

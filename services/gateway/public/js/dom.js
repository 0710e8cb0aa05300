// Small DOM helpers: every value goes in as text, never as HTML.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** A table row of cells (text, or a node such as an account name), then any extra nodes as cells. */
export function row(texts, ...extra) {
  const tr = el('tr');
  for (const text of texts) tr.append(el('td', {}, text ?? ''));
  for (const node of extra) tr.append(el('td', {}, node));
  return tr;
}

export function shortId(id) {
  return id ? `${id.slice(0, 8)}…` : '';
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

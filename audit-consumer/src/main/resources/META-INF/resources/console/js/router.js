// Hash routes (#/decisions?subject=alice, #/decisions/<id>, #/sessions/<id>, …): the view state
// is bookmarkable and the browser's back button works; nothing in the hash reaches a server.

/** {name, id, params} of the current hash. */
export function current() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const [name = '', ...rest] = path.split('/');
  return {name: name || 'decisions', id: rest.length ? decodeURIComponent(rest.join('/')) : null,
    params: Object.fromEntries(new URLSearchParams(search))};
}

export function go(path, params = {}) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString();
  location.hash = `#/${path}${search ? '?' + search : ''}`;
}

/**
 * The web page: a song search with autocomplete and the top films as cards. No framework and no
 * build step; every untrusted string goes through textContent, never innerHTML.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>music2movie</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #111418; color: #e8e8e8; }
  main { max-width: 980px; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  .search { position: relative; margin: 1rem 0; }
  input[type=search] { width: 100%; font-size: 1.1rem; padding: .6rem .8rem; border-radius: 6px; border: 1px solid #555; background: #1c2128; color: inherit; box-sizing: border-box; }
  ul[role=listbox] { position: absolute; z-index: 2; left: 0; right: 0; margin: 0; padding: 0; list-style: none; background: #1c2128; border: 1px solid #555; max-height: 320px; overflow: auto; }
  li[role=option] { padding: .45rem .8rem; cursor: pointer; }
  li[aria-selected=true], li[role=option]:hover { background: #2d3a4a; }
  .muted { color: #9aa4af; font-size: .9rem; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 1rem; margin-top: 1rem; }
  .card { background: #1c2128; border-radius: 8px; overflow: hidden; }
  .card img { width: 100%; aspect-ratio: 2/3; object-fit: cover; background: #2a2f36; display: block; }
  .card .body { padding: .6rem; }
  .bar { height: 6px; background: #2a2f36; border-radius: 3px; }
  .bar > span { display: block; height: 100%; background: #4fb477; border-radius: 3px; }
  .overview { display: none; font-size: .85rem; }
  .details .overview { display: block; }
  .error { background: #4a1f1f; padding: .8rem; border-radius: 6px; }
  button { background: #2d3a4a; color: inherit; border: 1px solid #555; border-radius: 4px; padding: .3rem .6rem; cursor: pointer; }
</style>
</head>
<body>
<main>
  <h1>music2movie</h1>
  <p class="muted">Type a song; get the films that share its mood, each with a 0–1 match score and why.</p>
  <div class="search">
    <label for="q" class="muted">Song or artist</label>
    <input id="q" type="search" autocomplete="off" role="combobox" aria-expanded="false" aria-controls="suggestions" aria-autocomplete="list" placeholder="e.g. Days I Will Remember">
    <ul id="suggestions" role="listbox" hidden></ul>
  </div>
  <p><label><input id="details" type="checkbox"> Show details</label></p>
  <div id="status" role="status" aria-live="polite"></div>
  <section id="song"></section>
  <section id="cards" class="cards" aria-label="Recommended movies"></section>
</main>
<script>
const q = document.getElementById('q'), list = document.getElementById('suggestions');
const statusEl = document.getElementById('status'), cards = document.getElementById('cards'), songEl = document.getElementById('song');
let items = [], active = -1, timer;
function el(tag, props, children) { const e = document.createElement(tag); Object.assign(e, props || {}); (children || []).forEach(c => e.append(c)); return e; }
async function api(path) { const r = await fetch(path); const body = await r.json(); if (!r.ok) throw body; return body; }
function showSuggestions(songs) {
  items = songs; active = -1; list.replaceChildren();
  songs.forEach((s, i) => { const li = el('li', { role: 'option', id: 'opt' + i, textContent: s.trackName + ' — ' + s.artists.join(', ') }); li.setAttribute('aria-selected', 'false'); li.onclick = () => pick(i); list.append(li); });
  list.hidden = songs.length === 0; q.setAttribute('aria-expanded', String(!list.hidden));
}
function highlight(i) { [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(i === j))); active = i; if (i >= 0) q.setAttribute('aria-activedescendant', 'opt' + i); }
q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(async () => { try { showSuggestions((await api('/api/songs?q=' + encodeURIComponent(q.value))).songs); } catch (e) { statusEl.textContent = e.message || 'Search failed'; } }, 120); });
q.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(items.length - 1, active + 1)); }
  else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(0, active - 1)); }
  else if (e.key === 'Enter') { e.preventDefault(); if (active >= 0) pick(active); else if (items.length) pick(0); }
  else if (e.key === 'Escape') { list.hidden = true; }
});
document.getElementById('details').addEventListener('change', (e) => cards.classList.toggle('details', e.target.checked));
async function pick(i) {
  const s = items[i]; list.hidden = true; q.value = s.trackName + ' — ' + s.artists.join(', ');
  statusEl.textContent = 'Finding films…';
  try {
    const r = await api('/api/recommend?k=5&track_id=' + encodeURIComponent(s.trackId));
    const song = r.songs[0];
    songEl.replaceChildren(el('h2', { textContent: song.trackName + ' — ' + song.artists.join(', ') }), el('p', { className: 'muted', textContent: song.albumName + ' · ' + song.genres.join(', ') + ' · ' + Math.round(song.tempo) + ' bpm' }));
    cards.replaceChildren(...r.movies.map(card));
    statusEl.textContent = r.movies.length ? '' : 'No films match.';
  } catch (e) { statusEl.replaceChildren(el('div', { className: 'error', textContent: e.message || 'Something went wrong.' })); }
}
function card(m) {
  const img = el('img', { alt: 'Poster of ' + m.title, loading: 'lazy' }); if (m.posterUrl) img.src = m.posterUrl;
  const bar = el('div', { className: 'bar' }, [el('span')]); bar.firstChild.style.width = Math.round(m.score * 100) + '%';
  bar.setAttribute('role', 'img'); bar.setAttribute('aria-label', 'match score ' + m.score.toFixed(2));
  return el('article', { className: 'card' }, [img, el('div', { className: 'body' }, [
    el('h3', { textContent: m.title + (m.year ? ' (' + m.year + ')' : '') }), bar,
    el('p', { className: 'muted', textContent: 'score ' + m.score.toFixed(2) + ' · ' + m.genres.join(', ') }),
    el('p', { textContent: m.reasons.join('; ') }), el('p', { className: 'overview', textContent: m.overview })])]);
}
</script>
</body>
</html>`;

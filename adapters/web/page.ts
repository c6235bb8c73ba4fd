/**
 * The web page: no framework, no build step. The script and styles are separate files so the
 * Content-Security-Policy can forbid inline script; every untrusted string is set as textContent.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>music2movie — movies that share a song's mood</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<main>
  <header>
    <h1>music2movie</h1>
    <p class="muted">Pick a song; get the films that share its mood, each with a 0–1 match score and why.</p>
  </header>
  <div id="banner" role="alert" hidden></div>
  <nav class="tabs" aria-label="Direction">
    <button type="button" id="tab-song" aria-pressed="true">Movies for a song</button>
    <button type="button" id="tab-movie" aria-pressed="false">Songs for a movie</button>
  </nav>
  <section id="song-mode">
    <div class="search">
      <label for="q">Song or artist</label>
      <input id="q" type="search" autocomplete="off" role="combobox" aria-expanded="false" aria-controls="suggestions" aria-autocomplete="list" placeholder="e.g. Days I Will Remember">
      <ul id="suggestions" role="listbox" aria-label="Songs" hidden></ul>
    </div>
    <details id="filters">
      <summary>Filters</summary>
      <div class="filters">
        <label>Genre <select id="f-genre"><option value="">any</option></select></label>
        <label>Explicit <select id="f-explicit"><option value="">any</option><option value="false">clean only</option><option value="true">explicit only</option></select></label>
        <label>Popularity <input id="f-pop" placeholder="0-100" size="7" pattern="\\d+-\\d+"></label>
        <label>Tempo (bpm) <input id="f-tempo" placeholder="60-180" size="7" pattern="\\d+-\\d+"></label>
        <label><input id="f-family" type="checkbox"> Family-safe</label>
      </div>
    </details>
  </section>
  <section id="movie-mode" hidden>
    <form id="movie-form" class="search">
      <label for="movie-q">Movie title</label>
      <input id="movie-q" type="search" placeholder="e.g. Inception" required>
      <button type="submit">Find songs</button>
    </form>
  </section>
  <p><label><input id="details" type="checkbox"> Show details</label></p>
  <div id="status" role="status" aria-live="polite"></div>
  <section id="song" aria-live="polite"></section>
  <section id="cards" class="cards" aria-label="Results"></section>
  <p><button type="button" id="more" hidden>More like these</button></p>
</main>
</body>
</html>`;

export const APP_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; background: #111418; color: #e8e8e8; }
main { max-width: 1000px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.muted { color: #a4adb6; font-size: .9rem; }
.tabs button[aria-pressed=true] { background: #3b6ea8; }
.search { position: relative; margin: 1rem 0; }
.search label { display: block; margin-bottom: .3rem; }
input[type=search] { width: 100%; font-size: 1.1rem; padding: .6rem .8rem; border-radius: 6px; border: 1px solid #667; background: #1c2128; color: inherit; box-sizing: border-box; }
ul[role=listbox] { position: absolute; z-index: 2; left: 0; right: 0; margin: 0; padding: 0; list-style: none; background: #1c2128; border: 1px solid #667; max-height: 340px; overflow: auto; }
li[role=option] { padding: .45rem .8rem; cursor: pointer; }
li[role=option][aria-selected=true], li[role=option]:hover { background: #2d3a4a; outline: 2px solid #6aa7e8; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; margin: .5rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 1rem; margin-top: 1rem; }
.card { background: #1c2128; border-radius: 8px; overflow: hidden; display: flex; flex-direction: column; }
.card img { width: 100%; aspect-ratio: 2/3; object-fit: cover; background: #2a2f36; display: block; }
.card .body { padding: .6rem; display: flex; flex-direction: column; gap: .3rem; }
.card h3 { font-size: 1rem; margin: 0; }
.bar { height: 6px; background: #2a2f36; border-radius: 3px; }
.bar > span { display: block; height: 100%; background: #4fb477; border-radius: 3px; }
.overview { display: none; font-size: .85rem; }
.details .overview { display: block; }
.votes { display: flex; gap: .4rem; }
.votes button[aria-pressed=true] { background: #3b6ea8; }
#banner { background: #4a1f1f; padding: .8rem; border-radius: 6px; white-space: pre-wrap; }
.error { background: #4a1f1f; padding: .8rem; border-radius: 6px; }
button { background: #2d3a4a; color: inherit; border: 1px solid #667; border-radius: 4px; padding: .35rem .7rem; cursor: pointer; font: inherit; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #6aa7e8; outline-offset: 2px; }
`;

export const APP_JS = `'use strict';
const $ = (id) => document.getElementById(id);
const q = $('q'), list = $('suggestions'), statusEl = $('status'), cards = $('cards'), songEl = $('song'), more = $('more');
let items = [], active = -1, timer, current = null, page = 0;
function el(tag, props, children) { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children || []) e.append(c); return e; }
async function api(path, init) {
  const r = await fetch(path, Object.assign({ headers: { 'content-type': 'application/json' } }, init));
  const body = await r.json().catch(() => ({ code: 'BAD_RESPONSE', message: 'The server sent something unexpected.' }));
  if (!r.ok) throw body;
  return body;
}
function showError(e) { statusEl.replaceChildren(el('div', { className: 'error', textContent: (e && e.message) || 'Something went wrong.' })); }
function filterQuery() {
  const p = new URLSearchParams();
  if ($('f-genre').value) p.set('genre', $('f-genre').value);
  if ($('f-explicit').value) p.set('explicit', $('f-explicit').value);
  if (/^\\d+-\\d+$/.test($('f-pop').value)) p.set('popularity', $('f-pop').value);
  if (/^\\d+-\\d+$/.test($('f-tempo').value)) p.set('tempo', $('f-tempo').value);
  return p;
}
function showSuggestions(songs) {
  items = songs; active = -1; list.replaceChildren();
  songs.forEach((s, i) => {
    const li = el('li', { role: 'option', id: 'opt' + i, textContent: s.trackName + ' — ' + s.artists.join(', ') });
    li.setAttribute('aria-selected', 'false');
    li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(i); });
    list.append(li);
  });
  if (songs.length === 0 && q.value.trim()) list.append(el('li', { className: 'muted', textContent: 'No matching songs.' }));
  list.hidden = list.children.length === 0; q.setAttribute('aria-expanded', String(!list.hidden));
}
function highlight(i) {
  [...list.querySelectorAll('[role=option]')].forEach((li, j) => li.setAttribute('aria-selected', String(i === j)));
  active = i; if (i >= 0) { q.setAttribute('aria-activedescendant', 'opt' + i); $('opt' + i).scrollIntoView({ block: 'nearest' }); }
}
async function suggest() {
  try { const p = filterQuery(); p.set('q', q.value); showSuggestions((await api('/api/songs?' + p)).songs); }
  catch (e) { showError(e); }
}
q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
q.addEventListener('focus', () => { if (!q.value) suggest(); });
q.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) suggest(); else highlight(Math.min(items.length - 1, active + 1)); }
  else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(0, active - 1)); }
  else if (e.key === 'Enter') { e.preventDefault(); if (items.length) pick(active >= 0 ? active : 0); }
  else if (e.key === 'Escape') { list.hidden = true; q.setAttribute('aria-expanded', 'false'); }
});
q.addEventListener('blur', () => setTimeout(() => { list.hidden = true; q.setAttribute('aria-expanded', 'false'); }, 150));
$('details').addEventListener('change', (e) => cards.classList.toggle('details', e.target.checked));
more.addEventListener('click', () => { if (current) load(current, page + 1, true); });
function pick(i) {
  const s = items[i]; if (!s) return;
  clearTimeout(timer);
  list.hidden = true; q.setAttribute('aria-expanded', 'false');
  q.value = s.trackName + ' — ' + s.artists.join(', ');
  load(s, 0, false);
}
async function load(song, p, append) {
  statusEl.textContent = 'Finding films…';
  try {
    const params = new URLSearchParams({ track_id: song.trackId, k: '5', offset: String(p * 5) });
    if ($('f-family').checked) params.set('family_safe', 'true');
    const r = await api('/api/recommend?' + params);
    current = song; page = p;
    const s = r.songs[0];
    songEl.replaceChildren(el('h2', { textContent: s.trackName + ' — ' + s.artists.join(', ') }),
      el('p', { className: 'muted', textContent: [s.albumName, s.genres.join(', '), Math.round(s.tempo) + ' bpm', 'popularity ' + s.popularity].join(' · ') }));
    const nodes = r.movies.map((m) => movieCard(m, s.trackId));
    if (append) cards.append(...nodes); else cards.replaceChildren(...nodes);
    statusEl.textContent = r.movies.length ? r.movies.length + ' films.' : 'No films match these filters.';
    more.hidden = r.movies.length < 5;
  } catch (e) { showError(e); }
}
function scoreBar(score) {
  const bar = el('div', { className: 'bar' }, [el('span')]);
  bar.firstChild.style.width = Math.round(score * 100) + '%';
  bar.setAttribute('role', 'img'); bar.setAttribute('aria-label', 'match score ' + score.toFixed(2));
  return bar;
}
function movieCard(m, trackId) {
  const img = el('img', { alt: 'Poster of ' + m.title, loading: 'lazy' });
  if (m.posterUrl) img.src = m.posterUrl;
  const up = el('button', { type: 'button', textContent: '👍 Fits' }), down = el('button', { type: 'button', textContent: '👎 No' });
  up.setAttribute('aria-label', 'Good match: ' + m.title); down.setAttribute('aria-label', 'Bad match: ' + m.title);
  for (const [b, value] of [[up, 'up'], [down, 'down']]) {
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', async () => {
      try {
        await api('/api/feedback', { method: 'POST', body: JSON.stringify({ trackId, tmdbId: m.tmdbId, value }) });
        up.setAttribute('aria-pressed', String(value === 'up')); down.setAttribute('aria-pressed', String(value === 'down'));
        statusEl.textContent = 'Thanks — vote saved for ' + m.title + '.';
      } catch (e) { showError(e); }
    });
  }
  const card = el('article', { className: 'card' }, [img, el('div', { className: 'body' }, [
    el('h3', { textContent: m.title + (m.year ? ' (' + m.year + ')' : '') }), scoreBar(m.score),
    el('p', { className: 'muted', textContent: 'score ' + m.score.toFixed(2) + ' · ' + m.genres.join(', ') }),
    el('p', { className: 'reasons', textContent: m.reasons.join('; ') }),
    el('p', { className: 'overview', textContent: m.overview }),
    el('div', { className: 'votes' }, [up, down])])]);
  card.dataset.tmdbId = String(m.tmdbId);
  return card;
}
$('tab-song').addEventListener('click', () => mode('song'));
$('tab-movie').addEventListener('click', () => mode('movie'));
function mode(which) {
  $('song-mode').hidden = which !== 'song'; $('movie-mode').hidden = which !== 'movie';
  $('tab-song').setAttribute('aria-pressed', String(which === 'song')); $('tab-movie').setAttribute('aria-pressed', String(which === 'movie'));
  cards.replaceChildren(); songEl.replaceChildren(); statusEl.textContent = ''; more.hidden = true;
  (which === 'song' ? q : $('movie-q')).focus();
}
$('movie-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  statusEl.textContent = 'Finding songs…';
  try {
    const r = await api('/api/songs-for?movie=' + encodeURIComponent($('movie-q').value));
    const m = r.movie;
    songEl.replaceChildren(el('h2', { textContent: m.title + (m.year ? ' (' + m.year + ')' : '') }), el('p', { className: 'muted', textContent: m.genres.join(', ') }));
    cards.replaceChildren(...r.songs.map((s) => el('article', { className: 'card' }, [el('div', { className: 'body' }, [
      el('h3', { textContent: s.song.trackName }), el('p', { className: 'muted', textContent: s.song.artists.join(', ') + ' · ' + s.song.genres.join(', ') }),
      scoreBar(s.score), el('p', { className: 'reasons', textContent: s.reasons.join('; ') })])])));
    statusEl.textContent = r.songs.length + ' songs.';
  } catch (err) {
    showError(err);
    if (err && err.candidates && err.candidates.length) statusEl.append(el('p', { textContent: 'Did you mean: ' + err.candidates.map((c) => c.title + (c.year ? ' (' + c.year + ')' : '')).join(', ') }));
  }
});
(async () => {
  try {
    const ready = await fetch('/readyz').then((r) => r.json());
    if (!ready.ok) { $('banner').hidden = false; $('banner').textContent = ready.message || 'No index is loaded. Build one with: music2movie build --spotify <csv> --tmdb <csv>'; q.disabled = true; return; }
    const g = await api('/api/genres');
    for (const name of g.genres) $('f-genre').append(el('option', { value: name, textContent: name }));
  } catch (e) { showError(e); }
})();
`;

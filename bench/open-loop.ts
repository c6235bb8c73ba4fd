/**
 * Plain-JS source shared by the load generators. They run as eval'd workers or `node -e` children
 * (so they work from tsx and from dist, and do not share the server's event loop), so this is
 * text spliced into their source, not a module they import. It expects `http` in scope.
 *
 * Open loop: request i goes out at start + i·interval whatever happened to earlier ones, so a
 * stalled server shows up as latency instead of quietly slowing the senders down.
 */
export const OPEN_LOOP_SOURCE = `
const now = () => performance.timeOrigin + performance.now();
function openLoop(total, interval, start, fire) {
  let next = 0;
  function tick() {
    const due = Math.min(total, Math.floor((now() - start) / interval) + 1);
    while (next < due) fire(next++);
    if (next < total) setTimeout(tick, Math.max(0, start + next * interval - now()));
  }
  setTimeout(tick, Math.max(0, start - now()));
}
function post(target, agent, headers, body, done) {
  const req = http.request(target, {
    method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) },
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  });
  req.on('error', (e) => done(0, '', e.message));
  req.end(body);
}
function parseJson(text) {
  try { return JSON.parse(text); } catch { return {}; }
}
`;

/** Discord's request signing (Ed25519 over timestamp + body), for generators that need `sign`. */
export const DISCORD_SIGNING_SOURCE = `
function discordHeaders(privateKey, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = sign(null, Buffer.from(ts + body), privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': sig, 'x-signature-timestamp': ts };
}
`;

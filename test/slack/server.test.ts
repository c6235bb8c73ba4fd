import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tid } from '../helpers/fixtures.js';
import {
  BOT_TOKEN,
  blockAction,
  eventEnvelope,
  eventually,
  type FakeCall,
  type Harness,
  SECRET,
  send,
  slashCommand,
  sleep,
  startHarness,
} from './helpers.js';

interface Block {
  type: string;
  text?: { text: string };
  accessory?: { type: string; image_url: string };
  elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }>;
}

const blocksOf = (c: FakeCall) => c.body.blocks as Block[];
const buttonValues = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.value ?? '') : []));

describe('Slack over HTTP: signed requests against a real server and a fake Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('GIVEN a signed /movie-for THEN acks empty at once and posts header, films with posters and buttons, metadata', async () => {
    const res = await send(h, slashCommand(h, '/movie-for', 'Days I Will Remember by Tyrone Wells'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const post = await h.fake.waitFor((c) => c.path === '/api/chat.postMessage');
    expect(post.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.body.channel).toBe('C0001');
    const blocks = blocksOf(post);
    expect(blocks[0]?.type).toBe('header');
    expect(blocks[0]?.text?.text).toContain('Days I Will Remember');
    const films = blocks.filter((b) => b.type === 'section' && b.accessory?.type === 'image');
    expect(films.length).toBe(5);
    expect(films[0]?.accessory?.image_url).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\/w342\/p\d+\.jpg$/);
    expect(films[0]?.text?.text).toMatch(/match \*0\.\d\d\*|match \*1\.00\*/);
    const values = buttonValues(blocks);
    expect(values.filter((v) => v.startsWith(`v1|vote|${tid(1)}|`) && v.endsWith('|u')).length).toBe(5);
    expect(values.filter((v) => v.startsWith('v1|details|')).length).toBe(5);
    expect(values).toContain(`v1|more|${tid(1)}|1`);
    expect(post.body.metadata).toMatchObject({
      event_type: 'm2m_recommendation',
      event_payload: { track_id: tid(1) },
    });
    await eventually(() =>
      expect(h.feedback.impressionCalls.at(-1)).toMatchObject({
        platform: 'slack',
        userId: 'U0001',
        trackId: tid(1),
      }),
    );
  });

  it('GIVEN a wrong secret, a stale or a future timestamp, or no signature THEN 401 and Slack is never called', async () => {
    const before = h.fake.calls.length;
    const body = slashCommand(h, '/movie-for', 'Hello');
    expect((await send(h, body, { secret: 'wrong' })).status).toBe(401);
    const now = Math.floor(h.clock.now() / 1000);
    const stale = await send(h, slashCommand(h, '/movie-for', 'Hello'), { timestampSec: now - 301 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toContain('5-minute');
    expect((await send(h, slashCommand(h, '/movie-for', 'Hello'), { timestampSec: now + 301 })).status).toBe(
      401,
    );
    const unsigned = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(unsigned.status).toBe(401);
    // Inside the window (299 s old by the injected clock) it is accepted.
    expect((await send(h, slashCommand(h, '/movie-for', 'Hello'), { timestampSec: now - 299 })).status).toBe(
      200,
    );
    await eventually(() => expect(h.fake.calls.length).toBeGreaterThan(before));
    expect(h.fake.calls.slice(before).every((c) => c.path.startsWith('/response/'))).toBe(true);
  });

  it('GIVEN the same signed command twice THEN the replay is refused', async () => {
    const body = slashCommand(h, '/movie-for', 'Days I Will Remember');
    const ts = Math.floor(h.clock.now() / 1000);
    expect((await send(h, body, { timestampSec: ts })).status).toBe(200);
    const again = await send(h, body, { timestampSec: ts });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('REPLAYED');
  });

  it('GIVEN url_verification THEN answers the challenge; malformed bodies get 400', async () => {
    const res = await send(h, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }), {
      json: true,
    });
    expect(await res.json()).toEqual({ challenge: 'abc123' });
    expect((await send(h, '{not json', { json: true })).status).toBe(400);
    expect((await send(h, 'x', { headers: { 'content-type': 'text/plain' } })).status).toBe(400);
  });

  it('GIVEN a body over MAX_BODY_BYTES THEN 413 before any parsing', async () => {
    const res = await send(h, slashCommand(h, '/movie-for', 'x'.repeat(70_000)));
    expect(res.status).toBe(413);
  });

  it('GIVEN an ambiguous song THEN an ephemeral with candidate buttons; a pick posts the answer and removes the list', async () => {
    const res = await send(h, slashCommand(h, '/movie-for', 'Hello'));
    expect(res.status).toBe(200);
    const reply = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/cmd-') && JSON.stringify(c.body).includes('Several songs'),
    );
    expect(reply.body.response_type).toBe('ephemeral');
    const picks = buttonValues(blocksOf(reply)).filter((v) => v.startsWith('v1|pick|'));
    expect(picks.length).toBe(2);
    const posts = h.fake.method('chat.postMessage').length;
    const click = await send(
      h,
      blockAction(h, picks[0] as string, { actionId: 'm2m_pick', ephemeral: true }),
    );
    expect(click.status).toBe(200);
    await h.fake.waitFor((c) => c.path.startsWith('/response/act-') && c.body.delete_original === true);
    expect(h.fake.method('chat.postMessage').length).toBe(posts + 1);
  });

  it('GIVEN an unknown song with no close match THEN an ephemeral that says so, with a hint', async () => {
    await send(h, slashCommand(h, '/movie-for', 'qqqqzzzz xxyyx'));
    const reply = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/') && JSON.stringify(c.body).includes('qqqqzzzz'),
    );
    expect(reply.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.body)).toContain('by <artist>');
  });

  it('GIVEN a 👍 button THEN a vote through the feedback port and an ephemeral thanks', async () => {
    const votes = h.feedback.voteCalls.length;
    const res = await send(h, blockAction(h, `v1|vote|${tid(1)}|1|u`));
    expect(res.status).toBe(200);
    const thanks = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/act-') && JSON.stringify(c.body).includes('noted'),
    );
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(h.feedback.voteCalls.slice(votes)).toEqual([
      { platform: 'slack', userId: 'U0002', trackId: tid(1), tmdbId: 1, value: 'up' },
    ]);
  });

  it('GIVEN a forged, garbled or outdated button value THEN "This button has expired" and no vote', async () => {
    const votes = h.feedback.voteCalls.length;
    for (const value of [
      'v1|vote|x|y|u',
      'v2|vote|T1|1|u',
      `v1|vote|${tid(999)}|1|u`,
      `v1|vote|${tid(1)}|424242|d`,
      '',
    ]) {
      await send(h, blockAction(h, value));
    }
    await eventually(() =>
      expect(
        h.fake.calls.filter((c) => JSON.stringify(c.body).includes('This button has expired')).length,
      ).toBeGreaterThanOrEqual(5),
    );
    expect(h.feedback.voteCalls.length).toBe(votes);
  });

  it('GIVEN Details and More THEN the film card and the next page, privately', async () => {
    await send(h, blockAction(h, `v1|details|${tid(1)}|1`, { actionId: 'm2m_details' }));
    const card = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/') && JSON.stringify(c.body).includes('themoviedb.org/movie/1|'),
    );
    expect(card.body.response_type).toBe('ephemeral');
    await send(h, blockAction(h, `v1|more|${tid(1)}|1`, { actionId: 'm2m_more' }));
    const more = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/') && JSON.stringify(c.body).includes('Page 2'),
    );
    expect(more.body.response_type).toBe('ephemeral');
  });

  it('GIVEN 👍/👎 reactions on our answer THEN votes on its top film, once per event id despite retries', async () => {
    await send(h, slashCommand(h, '/movie-for', 'Grind Your Bones', { user_id: 'U0009' }));
    const post = await h.fake.waitFor(
      (c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes('Grind Your Bones'),
    );
    const top = Number(
      String(buttonValues(blocksOf(post)).find((v) => v.startsWith('v1|vote|'))).split('|')[3],
    );
    const item = { type: 'message', ...post.posted };
    const votes = h.feedback.voteCalls.length;
    const added = eventEnvelope('Ev001', {
      type: 'reaction_added',
      user: 'U0003',
      reaction: '+1::skin-tone-2',
      item,
      item_user: 'UBOT',
      event_ts: '1.1',
    });
    expect((await send(h, added, { json: true })).status).toBe(200);
    expect(
      (
        await send(h, added, {
          json: true,
          headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        })
      ).status,
    ).toBe(200);
    await eventually(() => expect(h.feedback.voteCalls.length).toBeGreaterThan(votes));
    await sleep(50);
    expect(h.feedback.voteCalls.slice(votes)).toEqual([
      { platform: 'slack', userId: 'U0003', trackId: tid(2), tmdbId: top, value: 'up' },
    ]);
    // 👎 too, then 👍 removed: the thumb still held (down) is the label.
    await send(
      h,
      eventEnvelope('Ev002', {
        type: 'reaction_added',
        user: 'U0003',
        reaction: 'thumbsdown',
        item,
        item_user: 'UBOT',
        event_ts: '1.2',
      }),
      { json: true },
    );
    await send(
      h,
      eventEnvelope('Ev003', {
        type: 'reaction_removed',
        user: 'U0003',
        reaction: '+1',
        item,
        item_user: 'UBOT',
        event_ts: '1.3',
      }),
      { json: true },
    );
    // Other emoji and other messages are ignored.
    await send(
      h,
      eventEnvelope('Ev004', {
        type: 'reaction_added',
        user: 'U0003',
        reaction: 'tada',
        item,
        item_user: 'UBOT',
        event_ts: '1.4',
      }),
      { json: true },
    );
    await send(
      h,
      eventEnvelope('Ev005', {
        type: 'reaction_added',
        user: 'U0003',
        reaction: '+1',
        item: { ...item, ts: '9.9' },
        item_user: 'U1',
        event_ts: '1.5',
      }),
      { json: true },
    );
    await eventually(() =>
      expect(h.feedback.voteCalls.slice(votes).map((v) => v.value)).toEqual(['up', 'down', 'down']),
    );
    await sleep(50);
    expect(h.feedback.voteCalls.length).toBe(votes + 3);
  });

  it('GIVEN the picker: options load from autocomplete, home tab publishes, empty /movie-for opens the modal', async () => {
    const options = await send(
      h,
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_suggestion',
          action_id: 'm2m_song_search',
          block_id: 'song',
          value: 'days i',
          team: { id: 'T0001' },
          user: { id: 'U0001' },
          api_app_id: 'A0001',
          token: 't',
        }),
      }).toString(),
    );
    expect(options.status).toBe(200);
    const listed = (await options.json()) as { options: Array<{ text: { text: string }; value: string }> };
    expect(listed.options[0]?.text.text).toBe('Days I Will Remember — Tyrone Wells');
    expect(listed.options[0]?.value).toBe(`v1|pick|${tid(1)}`);

    await send(
      h,
      eventEnvelope('EvHome', {
        type: 'app_home_opened',
        user: 'U0001',
        channel: 'D1',
        tab: 'home',
        event_ts: '1.0',
      }),
      { json: true },
    );
    const publish = await h.fake.waitFor((c) => c.path === '/api/views.publish');
    expect(publish.body.user_id).toBe('U0001');
    expect(JSON.stringify(publish.body.view)).toContain('m2m_song_search');

    await send(h, slashCommand(h, '/movie-for', '', { trigger_id: 'trig-modal' }));
    const open = await h.fake.waitFor((c) => c.path === '/api/views.open');
    expect(open.body.trigger_id).toBe('trig-modal');
    expect((open.body.view as { private_metadata: string }).private_metadata).toBe('C0001');
  });

  it('GIVEN the picker modal submitted THEN the answer is posted in the channel it was opened from', async () => {
    const view = {
      id: 'V1',
      type: 'modal',
      callback_id: 'm2m_picker',
      private_metadata: 'C0042',
      state: {
        values: {
          song: {
            m2m_song_search: {
              type: 'external_select',
              selected_option: { value: `v1|pick|${tid(3)}`, text: { type: 'plain_text', text: 'x' } },
            },
          },
        },
      },
    };
    const res = await send(
      h,
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T0001' },
          user: { id: 'U0001' },
          api_app_id: 'A0001',
          token: 't',
          view,
        }),
      }).toString(),
    );
    expect(res.status).toBe(200);
    const post = await h.fake.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C0042',
    );
    expect(JSON.stringify(post.body.blocks)).toContain('Party Rockin');
  });

  it('GIVEN /songs-for a film THEN a poster, songs and buttons; an unknown film gets candidates', async () => {
    await send(h, slashCommand(h, '/songs-for', 'Top Gun', { user_id: 'U0101' }));
    const post = await h.fake.waitFor(
      (c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes('Top Gun'),
    );
    expect(blocksOf(post)[0]?.text?.text).toContain('Top Gun');
    expect(buttonValues(blocksOf(post)).some((v) => v.startsWith('v1|pick|'))).toBe(true);
    await send(h, slashCommand(h, '/songs-for', 'No Such Film At All', { user_id: 'U0102' }));
    await h.fake.waitFor(
      (c) => c.path.startsWith('/response/') && JSON.stringify(c.body).includes('No film called'),
    );
  });

  it('GIVEN a channel the bot cannot post in THEN the answer goes through the response_url, in channel', async () => {
    await send(h, slashCommand(h, '/movie-for', 'Lullaby', { channel_id: 'CPRIVATE', user_id: 'U0200' }));
    const reply = await h.fake.waitFor(
      (c) => c.path.startsWith('/response/') && JSON.stringify(c.body).includes('Lullaby'),
    );
    expect(reply.body.response_type).toBe('in_channel');
  });

  it('GIVEN the run so far THEN neither the signing secret nor the bot token appears in any log line', () => {
    const all = h.lines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(BOT_TOKEN);
  });
});

describe('Slack safety', () => {
  it('GIVEN help, an over-long title or an empty /songs-for THEN a private answer inside the ack, no cooldown spent', async () => {
    const h = await startHarness({ env: { COOLDOWN_SECONDS: '30' } });
    try {
      const ack = async (cmd: string, text: string) =>
        (await (await send(h, slashCommand(h, cmd, text))).json()) as { text: string; response_type: string };
      expect(await ack('/movie-for', 'help')).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('/movie-for <song> [by <artist>]'),
      });
      expect(await ack('/movie-for', 'x'.repeat(301))).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('too long for a song title'),
      });
      expect(await ack('/songs-for', 'y'.repeat(301))).toMatchObject({
        text: expect.stringContaining('too long for a film title'),
      });
      expect(await ack('/songs-for', '   ')).toMatchObject({
        text: expect.stringContaining('Usage: `/songs-for'),
      });
      // None of those spent the user's cooldown: a real command still goes through.
      expect(await (await send(h, slashCommand(h, '/movie-for', 'Lullaby'))).text()).toBe('');
    } finally {
      await h.close();
    }
  });

  it('GIVEN a per-user cooldown THEN a second command too soon gets "try again", another user does not', async () => {
    const h = await startHarness({ env: { COOLDOWN_SECONDS: '30' } });
    try {
      expect(await (await send(h, slashCommand(h, '/movie-for', 'Lullaby'))).text()).toBe('');
      const again = await send(h, slashCommand(h, '/movie-for', 'Lullaby'));
      expect((await again.json()) as { text: string; response_type: string }).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('try again in 30 s'),
      });
      expect(
        await (await send(h, slashCommand(h, '/movie-for', 'Lullaby', { user_id: 'U0777' }))).text(),
      ).toBe('');
      h.clock.t += 31_000;
      expect(await (await send(h, slashCommand(h, '/movie-for', 'Lullaby'))).text()).toBe('');
    } finally {
      await h.close();
    }
  });

  it('GIVEN a response_url on a foreign host THEN the bot never calls it', async () => {
    const h = await startHarness();
    const foreign = await import('./helpers.js').then((m) => m.startFakeSlack());
    try {
      await send(h, slashCommand(h, '/movie-for', 'Hello', { response_url: `${foreign.url}/steal` }));
      await sleep(200);
      expect(foreign.calls).toEqual([]);
    } finally {
      await foreign.close();
      await h.close();
    }
  });

  it('GIVEN a shutdown THEN in-flight answers finish and new requests get 503', async () => {
    const h = await startHarness();
    const { stopSlack } = await import('../../adapters/slack/index.js');
    await send(h, slashCommand(h, '/movie-for', 'Danger Zone'));
    await stopSlack();
    expect(h.fake.method('chat.postMessage').length).toBe(1);
    expect((await send(h, slashCommand(h, '/movie-for', 'Danger Zone'))).status).toBe(503);
    await h.close();
  });

  it('GIVEN no Slack secrets THEN no route and no socket mode', async () => {
    const { slackRoutes, startSlackSocketMode } = await import('../../adapters/slack/index.js');
    const { loadConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/logger.js');
    const { engine, CountingFeedback } = await import('./helpers.js');
    const deps = { config: loadConfig({}), logger: silentLogger, engine, feedback: new CountingFeedback() };
    expect(slackRoutes(deps)).toEqual([]);
    await expect(startSlackSocketMode(deps)).resolves.toBeUndefined();
  });
});
